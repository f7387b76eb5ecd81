using System.Diagnostics;

namespace PixArt.Cli.Tests.Battery;

/// <summary>
/// Runs every <see cref="BadInputs"/> case through the real CLI: in-process with <see cref="CliRunner"/>, or, for the inputs
/// that used to allocate until killed or crash in libtorch, in a separate process under a 6 GB address-space limit. For
/// every case: exit code 2, exactly one line on standard error (<c>error: ...</c>) containing the flag, key or file and what
/// is allowed, nothing on standard output, no stack frames (native or managed), the case's folder exactly as it was (no
/// image, no temporary, no folder), and bounded memory (in-process: the peak resident size grows by less than
/// <see cref="MemoryBound"/>; in a process: the address-space limit).
/// </summary>
[Collection("cli")]
public sealed class BadInputBatteryTests
{
    /// <summary>What a refused input may add to the process's peak memory: the checks read headers and configs, nothing more.</summary>
    private const long MemoryBound = 768L << 20;

    [Fact]
    public void TheBatteryHoldsAtLeastOneHundredBadInputs() => Assert.True(BadInputs.All.Count >= 100, $"{BadInputs.All.Count} cases");

    public static IEnumerable<object[]> Flags => BadInputs.OfKind("flags");
    public static IEnumerable<object[]> Usage => BadInputs.OfKind("usage");
    public static IEnumerable<object[]> Configuration => BadInputs.OfKind("configuration");
    public static IEnumerable<object[]> ModelFolders => BadInputs.OfKind("model folders");
    public static IEnumerable<object[]> TransformerFiles => BadInputs.OfKind("transformer files");
    public static IEnumerable<object[]> TextEncoderFiles => BadInputs.OfKind("text encoder files");
    public static IEnumerable<object[]> CodecFiles => BadInputs.OfKind("codec files");
    public static IEnumerable<object[]> PthCheckpoints => BadInputs.OfKind("pth checkpoints");
    public static IEnumerable<object[]> Output => BadInputs.OfKind("output");
    public static IEnumerable<object[]> RequestLimits => BadInputs.OfKind("request limits");
    public static IEnumerable<object[]> Convert => BadInputs.OfKind("convert");
    public static IEnumerable<object[]> Info => BadInputs.OfKind("info");
    public static IEnumerable<object[]> Bench => BadInputs.OfKind("bench");
    public static IEnumerable<object[]> Native => BadInputs.OfKind("native", subprocess: true);

    [Theory, MemberData(nameof(Flags))] public void FlagValue(string input) => InProcess(BadInputs.Find("flags", input));
    [Theory, MemberData(nameof(Usage))] public void CommandLineShape(string input) => InProcess(BadInputs.Find("usage", input));
    [Theory, MemberData(nameof(Configuration))] public void ConfigurationValue(string input) => InProcess(BadInputs.Find("configuration", input));
    [Theory, MemberData(nameof(ModelFolders))] public void ModelFolder(string input) => InProcess(BadInputs.Find("model folders", input));
    [Theory, MemberData(nameof(TransformerFiles))] public void TransformerFile(string input) => InProcess(BadInputs.Find("transformer files", input));
    [Theory, MemberData(nameof(TextEncoderFiles))] public void TextEncoderFile(string input) => InProcess(BadInputs.Find("text encoder files", input));
    [Theory, MemberData(nameof(CodecFiles))] public void CodecFile(string input) => InProcess(BadInputs.Find("codec files", input));
    [Theory, MemberData(nameof(PthCheckpoints))] public void PthCheckpoint(string input) => InProcess(BadInputs.Find("pth checkpoints", input));
    [Theory, MemberData(nameof(Output))] public void OutputLocation(string input) => InProcess(BadInputs.Find("output", input));
    [Theory, MemberData(nameof(RequestLimits))] public void RequestLimit(string input) => InProcess(BadInputs.Find("request limits", input));
    [Theory, MemberData(nameof(Convert))] public void ConvertInput(string input) => InProcess(BadInputs.Find("convert", input));
    [Theory, MemberData(nameof(Info))] public void InfoInput(string input) => InProcess(BadInputs.Find("info", input));
    [Theory, MemberData(nameof(Bench))] public void BenchInput(string input) => InProcess(BadInputs.Find("bench", input));
    [Theory, MemberData(nameof(Native))] public void InASeparateProcess(string input) => Subprocess(BadInputs.Find("native", input));

    private static void InProcess(BadInput input)
    {
        using var folder = new CaseFolder();
        input.Setup?.Invoke(folder);
        var before = folder.Snapshot();
        var args = input.Args.Select(folder.Expand).ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var resident = ProcessMemory.ResidentBytes;
        var measured = ProcessMemory.Available && ProcessMemory.ResetPeak();
        var (code, output, error) = PixArtCli.Run(args);
        var grown = measured ? ProcessMemory.PeakBytes - resident : 0;
        Check(input, folder, before, code, output, error);
        Assert.True(grown < MemoryBound, $"{input}: the peak resident size grew by {grown >> 20} MiB (bound {MemoryBound >> 20} MiB)");
    }

    private static void Subprocess(BadInput input)
    {
        using var folder = new CaseFolder();
        input.Setup?.Invoke(folder);
        var before = folder.Snapshot();
        var cli = Path.Combine(AppContext.BaseDirectory, "PixArt.Cli.dll");
        var command = "ulimit -v 6000000; exec dotnet " + string.Join(' ', new[] { cli }.Concat(input.Args.Select(folder.Expand)).Select(Quote));
        var info = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{input}: still running after two minutes");
        Check(input, folder, before, process.ExitCode, output.Result, error.Result);
    }

    private static void Check(BadInput input, CaseFolder folder, SortedDictionary<string, string> before, int code, string output, string error)
    {
        var all = output + error;
        Assert.True(code == 2, $"{input}: exit {code} (expected 2)\n{all}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), $"{input}: expected one 'error:' line, got:\n{error}");
        foreach (var expected in input.Expected.Select(folder.Expand))
            Assert.True(lines[0].Contains(expected, StringComparison.Ordinal), $"{input}: the error does not contain \"{expected}\":\n{lines[0]}");
        Assert.True(output.Length == 0, $"{input}: standard output is not empty:\n{output}");
        foreach (var frame in new[] { "frame #", "Exception raised from", "   at ", "System.Nullable`1", "IObjectConstructor", "ErrorOnUnknownConfiguration", ".partial" })
            Assert.False(all.Contains(frame, StringComparison.Ordinal), $"{input}: the output contains '{frame}':\n{all}");
        var after = folder.Snapshot();
        Assert.True(before.SequenceEqual(after), $"{input}: the case's folder changed:\n  before: {string.Join(", ", before.Keys)}\n  after:  {string.Join(", ", after.Keys)}");
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";
}
