using PixArt.Hosting.Images;

namespace PixArt.Cli.Tests.Hardening;

/// <summary>
/// Issue 9, item 3, through the CLI: relative --out against the current folder, --overwrite, the same naming for one image
/// and several, and a refused output found before any work (no progress line is printed).
/// </summary>
[Collection("cli")]
public sealed class OutputRuleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pixart-outrule-").FullName;
    private readonly string _previous = Environment.CurrentDirectory;

    public void Dispose()
    {
        Environment.CurrentDirectory = _previous;
        Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Out, string Error) Generate(params string[] extra) =>
        PixArtCli.Run(["generate", "-p", "a lighthouse", "--steps", "1", .. extra]);

    [Fact]
    public void RelativeOutResolvesAgainstTheCurrentFolder()
    {
        Environment.CurrentDirectory = _dir;
        var (code, output, error) = Generate("--seed", "4", "--out", "sub/");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.True(File.Exists(Path.Combine(_dir, "sub", "pixart-4.png")));
        (code, _, _) = Generate("--seed", "4", "--out", "one.png");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(_dir, "one.png")));
    }

    [Fact]
    public void AnExistingFileIsReplacedOnlyWithOverwrite()
    {
        var target = Path.Combine(_dir, "a.png");
        File.WriteAllText(target, "not an image");
        var refused = Generate("--out", target);
        Assert.Equal(2, refused.Code);
        Assert.Contains("already exists; replacing it needs --overwrite", refused.Error);
        Assert.DoesNotContain("denoise", refused.Error); // refused before any work
        Assert.Equal("not an image", File.ReadAllText(target));

        var (code, output, error) = Generate("--seed", "2", "--out", target, "--overwrite");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal("2", PngImageWriter.ReadParameters(target).Single(p => p.Key == "seed").Value);
    }

    [Fact]
    public void OneImageAndSeveralFollowTheSameRule()
    {
        var target = Path.Combine(_dir, "fox.png");
        Assert.Equal(0, Generate("--seed", "7", "--out", target).Code);
        Assert.Equal(0, Generate("--seed", "7", "-n", "2", "--out", target).Code);
        Assert.Equal(new[] { "fox-7.png", "fox-8.png", "fox.png" }, Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        Assert.Equal(0, Generate("--seed", "7", "--out", _dir + "/").Code);
        Assert.True(File.Exists(Path.Combine(_dir, "pixart-7.png")));
    }

    [Fact]
    public void AWrongOutputNeverCreatesAFolder()
    {
        var target = Path.Combine(_dir, "picture.jpg");
        var (code, _, error) = Generate("--out", target);
        Assert.Equal(2, code);
        Assert.Contains("a folder is never made from a file name", error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
