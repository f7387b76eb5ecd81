using PixArt.Hosting.Images;

namespace PixArt.Hosting.Tests.Images;

/// <summary>
/// Issue 9, item 3: one output rule, checked before any work; all-or-nothing writing that never leaves a temporary behind
/// and never names one.
/// </summary>
public sealed class ImageOutputPlanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pixart-output-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string P(string relative) => Path.Combine(_root, relative);

    private static ImageOutput Plan(string output, long[] seeds, bool overwrite = false, long bytes = 1000, Func<string, long?>? free = null) =>
        ImageOutputPlan.Plan(output, seeds, overwrite, bytes, "--overwrite", free);

    // Naming: one rule for single and batch runs.
    [Fact]
    public void OnePngIsWrittenToTheNamedFile() => Assert.Equal(new[] { P("fox.png") }, Plan(P("fox.png"), [7]).Paths);

    [Fact]
    public void SeveralImagesOfAPngNameAreNamedBySeed() =>
        Assert.Equal(new[] { P("fox-7.png"), P("fox-8.png") }, Plan(P("fox.png"), [7, 8]).Paths);

    [Fact]
    public void AFolderGetsOneFileNamedBySeedPerImage()
    {
        Assert.Equal(new[] { P("out/pixart-7.png") }, Plan(P("out/"), [7]).Paths);
        Directory.CreateDirectory(P("existing"));
        Assert.Equal(new[] { P("existing/pixart-3.png"), P("existing/pixart-4.png") }, Plan(P("existing"), [3, 4]).Paths);
    }

    // Never a folder from a file name.
    [Theory]
    [InlineData("picture.jpg")]
    [InlineData("results")]
    [InlineData("image.PNG.bak")]
    public void ANameThatIsNeitherAPngNorAFolderIsRefused(string name)
    {
        var error = Assert.Throws<ImageOutputException>(() => Plan(P(name), [1]));
        Assert.Contains("images are written as PNG", error.Message);
        Assert.False(Directory.Exists(P(name)));
    }

    [Fact]
    public void AnUpperCasePngExtensionIsAFile() => Assert.Equal(new[] { P("A.PNG") }, Plan(P("A.PNG"), [1]).Paths);

    // Existing files: refused unless overwriting was asked for.
    [Fact]
    public void AnExistingFileIsRefusedWithoutOverwriteAndReplacedWithIt()
    {
        File.WriteAllText(P("a.png"), "old");
        var error = Assert.Throws<ImageOutputException>(() => Plan(P("a.png"), [1]));
        Assert.Equal($"'{P("a.png")}' already exists; replacing it needs --overwrite", error.Message);
        var output = Plan(P("a.png"), [1], overwrite: true);
        output.WriteAll([[1, 2, 3]]);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(P("a.png")));
    }

    [Fact]
    public void AFolderWhereAFileIsMeantIsRefusedEvenWithOverwrite()
    {
        Directory.CreateDirectory(P("out/pixart-5.png"));
        var error = Assert.Throws<ImageOutputException>(() => Plan(P("out/"), [5], overwrite: true));
        Assert.Contains("is a folder, but an image file is to be written there", error.Message);
    }

    [Fact]
    public void ADeviceIsNeverAFileToReplace()
    {
        Assert.Throws<ImageOutputException>(() => Plan("/dev/full", [1], overwrite: true)); // not a .png name
        using (var process = System.Diagnostics.Process.Start("mkfifo", [P("pipe.png")])) process.WaitForExit();
        var error = Assert.Throws<ImageOutputException>(() => Plan(P("pipe.png"), [1], overwrite: true));
        Assert.Contains("is not a regular file", error.Message);
    }

    // Writability and room, before any work.
    [Fact]
    public void AnUnwritableFolderIsRefused()
    {
        var error = Assert.Throws<ImageOutputException>(() => Plan("/proc/x.png", [1]));
        Assert.StartsWith("cannot write in '/proc'", error.Message);
    }

    [Fact]
    public void AFileInThePathIsNotAFolder()
    {
        File.WriteAllText(P("notes.txt"), "x");
        var error = Assert.Throws<ImageOutputException>(() => Plan(P("notes.txt/a.png"), [1]));
        Assert.Equal($"'{P("notes.txt")}' is a file, not a folder; images need a folder to go in", error.Message);
    }

    [Fact]
    public void AFullDiskIsRefusedBeforeAnyWork()
    {
        var error = Assert.Throws<ImageOutputException>(() => Plan(P("a.png"), [1, 2], bytes: 5L << 20, free: _ => 1L << 20));
        Assert.Equal($"2 image(s) need up to 5.0 MiB but '{_root}' has 1.0 MiB free", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void PlanningLeavesNothingOnDisk()
    {
        Plan(P("new/deeper/"), [1, 2]);
        Plan(P("x.png"), [1]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    // Writing: folders made only when writing; on failure everything is removed and the message names the target.
    [Fact]
    public void WritingCreatesTheFolderAndLeavesNoTemporary()
    {
        var output = Plan(P("new/deeper/"), [1, 2]);
        output.WriteAll([[1], [2]]);
        Assert.Equal(new[] { P("new/deeper/pixart-1.png"), P("new/deeper/pixart-2.png") }, Directory.GetFiles(P("new/deeper")).Order());
    }

    [Fact]
    public void AFailedWriteRemovesTemporariesPlacedImagesAndCreatedFoldersAndNamesTheTarget()
    {
        var output = Plan(P("new/"), [1, 2]);
        var writes = 0;
        var error = Assert.Throws<IOException>(() => output.WriteAll([[1], [2]], (path, bytes) =>
        {
            File.WriteAllBytes(path, bytes[..1]); // half written, as on a full disk
            if (++writes == 2) throw new IOException($"No space left on device : '{path}'");
        }));
        Assert.Equal($"could not write '{P("new/pixart-2.png")}': No space left on device", error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
        Assert.DoesNotContain(".partial", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void ImagesAreWrittenOnlyWhenEveryTemporaryIsComplete()
    {
        File.WriteAllText(P("a-1.png"), "old");
        var output = Plan(P("a.png"), [1, 2], overwrite: true);
        Assert.Throws<IOException>(() => output.WriteAll([[1], [2]], (path, bytes) =>
        {
            if (path.Contains("a-2.png", StringComparison.Ordinal)) throw new IOException("disk full");
            File.WriteAllBytes(path, bytes);
        }));
        Assert.Equal("old", File.ReadAllText(P("a-1.png")));
        Assert.Equal(new[] { P("a-1.png") }, Directory.GetFiles(_root));
    }
}
