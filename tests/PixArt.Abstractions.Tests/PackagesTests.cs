using System.Diagnostics;
using System.IO.Compression;
using PixArt.Tests.Shared;

namespace PixArt.Abstractions.Tests;

/// <summary>
/// <c>scripts/pack.sh</c> packs the three plugin-author packages into a folder feed, each with its assembly, XML docs and
/// README, the testing kit depending on the other two. (Run here on the Debug build; the script's default is Release.)
/// </summary>
public sealed class PackagesTests
{
    [Fact]
    public async Task Pack_script_writes_the_three_packages_with_docs_and_readme()
    {
        var feed = Path.Combine(Path.GetTempPath(), $"pixart-feed-{Guid.NewGuid():N}");
        try
        {
            // From the Debug build the suite already made (--no-build): no second build racing the suite's own.
            var start = new ProcessStartInfo("bash", [Path.Combine(Checkout.Root, "scripts", "pack.sh"), feed, "-c", "Debug", "--no-build"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"pack.sh exited {process.ExitCode}\n{await output}\n{await error}");

            foreach (var id in new[] { "PixArt.Abstractions", "PixArt.Nn", "PixArt.Abstractions.Testing" })
            {
                // "PixArt.Abstractions.*" also matches the testing package: the version must follow the id.
                var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"), f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), $@"^{System.Text.RegularExpressions.Regex.Escape(id)}\.\d+\.\d+\.\d+\.nupkg$"));
                using var zip = ZipFile.OpenRead(package);
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains($"lib/net10.0/{id}.dll", entries);
                Assert.Contains($"lib/net10.0/{id}.xml", entries);
                Assert.Contains("README.md", entries);
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                var text = nuspec.ReadToEnd();
                Assert.Contains("<description>", text);
                if (id == "PixArt.Abstractions.Testing")
                {
                    Assert.Contains("<dependency id=\"PixArt.Abstractions\"", text);
                    Assert.Contains("<dependency id=\"PixArt.Nn\"", text);
                }
            }
        }
        finally
        {
            if (Directory.Exists(feed)) Directory.Delete(feed, recursive: true);
        }
    }
}
