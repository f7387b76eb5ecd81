using System.Diagnostics;
using System.Text.Json;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Process;

/// <summary>
/// The load script (scripts/load/load.mjs) on a small burst against the real server, whose queue of two fills, so 429s
/// are retried: every accepted job completes or is cancelled as asked, none is lost. docs/performance.md has the full
/// burst (200 requests, 16 concurrent) with and without batching, from scripts/load/run.sh.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class LoadScriptTests(ServeProcessFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    [SkippableFact]
    public async Task ABurstLosesNoJob()
    {
        var node = RepositoryRoot.Which("node");
        Skip.If(node is null, "node is not on PATH, so the load script cannot run (.ci/run installs Node.js)");
        var start = new ProcessStartInfo(node!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     Path.Combine(RepositoryRoot.Path, "scripts", "load", "load.mjs"), "--url", fixture.Server.BaseAddress.ToString(),
                     "--requests", "16", "--concurrency", "4", "--size", "32x32", "--steps", "2", "--cancel-every", "4",
                     "--key", ServeProcessFixture.Key, "--pid", fixture.Server.Id.ToString(), "--timeout-s", "120",
                 })
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var printed = await stdout;
        output.WriteLine(printed + await stderr);
        Assert.True(process.ExitCode == 0, $"load.mjs exited with {process.ExitCode}:\n{printed}{await stderr}");

        var summary = JsonDocument.Parse(printed.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(16, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(0, summary.GetProperty("lost").GetInt32());
        Assert.Equal(16, summary.GetProperty("completed").GetInt32() + summary.GetProperty("cancelled").GetInt32());
        Assert.Equal(4, summary.GetProperty("cancel_asked").GetInt32());
        Assert.Empty(summary.GetProperty("problems").EnumerateArray());
    }
}
