using Microsoft.Playwright;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Process;

/// <summary>
/// The web page in a real headless browser (Debian's chromium driven by Playwright for .NET; Playwright's own browsers are
/// never downloaded): type a prompt, watch the progress, get an image in the gallery with its parameters.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class WebPageBrowserTests(ServeProcessFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The flags the browser runs with: headless, no sandbox (root in CI), and nothing that reaches the network by itself.</summary>
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private static string? Chromium() =>
        Environment.GetEnvironmentVariable("PIXART_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : RepositoryRoot.Which("chromium");

    [SkippableFact]
    public async Task TypeAPromptSeeProgressGetAnImage()
    {
        var chromium = Chromium();
        Skip.If(chromium is null, "Debian's chromium is not installed (/usr/bin/chromium), so the browser test cannot run (.ci/run installs it: apt-get install chromium)");
        var profile = Directory.CreateTempSubdirectory("pixart-chromium-");
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = Flags,
                ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            });
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");

            try
            {
                await UseThePageAsync(page, errors);
            }
            catch
            {
                output.WriteLine("page when the test failed:\n" + await page.ContentAsync());
                throw;
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private async Task UseThePageAsync(IPage page, List<string> errors)
    {
        await page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await page.Locator("#ready").Filter(new() { HasText = "ready" }).WaitForAsync();
        // The server has keys: the page asks for one, opening its key field (and keeps the key in local storage).
        await page.Locator("#model").Filter(new() { HasText = "API key required" }).WaitForAsync();
        await page.Locator("#key-box[open]").WaitForAsync();
        await page.FillAsync("#key", ServeProcessFixture.Key);
        await page.DispatchEventAsync("#key", "change");
        await page.ReloadAsync();
        await page.Locator("#model").Filter(new() { HasText = TinyModel.Name }).WaitForAsync();

        // Record every status line and progress value the page shows while the job runs.
        await page.EvaluateAsync("""
            () => {
              window.seen = [];
              const note = () => window.seen.push(document.querySelector('#status').textContent + ' | ' + document.querySelector('#progress').value);
              new MutationObserver(note).observe(document.querySelector('#status'), { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.FillAsync("#prompt", "a small red fox in the snow");
        await page.FillAsync("#negative", "blur");
        await page.SelectOptionAsync("#size", "256x256");
        await page.FillAsync("#steps", "12");
        await page.SelectOptionAsync("#sampler", "dpm-solver");
        await page.FillAsync("#seed", "1234");
        await page.ClickAsync("#generate");

        var figure = page.Locator("#gallery figure").First;
        await figure.WaitForAsync(new() { Timeout = 60_000 });
        var seen = await page.EvaluateAsync<string[]>("() => window.seen");
        output.WriteLine(string.Join("\n", seen));
        Assert.Contains(seen, s => s.StartsWith("step 1 / 12", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.StartsWith("step 12 / 12", StringComparison.Ordinal));
        Assert.Equal("done", await page.TextContentAsync("#status"));
        Assert.Equal(12, await page.EvaluateAsync<int>("() => document.querySelector('#progress').value"));

        var image = figure.Locator("img");
        await page.WaitForFunctionAsync("() => document.querySelector('#gallery figure img').naturalWidth > 0");
        Assert.Equal(256, await image.EvaluateAsync<int>("img => img.naturalWidth"));
        var caption = await figure.Locator("figcaption").TextContentAsync();
        Assert.Contains("a small red fox in the snow", caption);
        Assert.Contains("seed 1234", caption);
        Assert.Contains("12 steps", caption);
        Assert.Contains("negative: blur", caption);
        Assert.Empty(errors);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "web-page.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
        }
}
