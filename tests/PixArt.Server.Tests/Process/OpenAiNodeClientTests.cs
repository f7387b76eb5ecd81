using System.Text.Json;
using PixArt.Server.Tests.Infrastructure;
using PixArt.Tests.Shared;

namespace PixArt.Server.Tests.Process;

/// <summary>
/// A real client no one here wrote: the official OpenAI library for Node (npm <c>openai</c>, clients/openai-node) calls
/// <c>images.generate</c> with <c>b64_json</c> against a real <c>pixart serve</c>, unchanged but for its base URL and key.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class OpenAiNodeClientTests(ServeProcessFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    [SkippableFact]
    public async Task TheOfficialOpenAiNodeClientGeneratesAnImage()
    {
        var node = RepositoryRoot.Which("node");
        Skip.If(node is null, "node is not on PATH, so the OpenAI Node client check cannot run (.ci/run installs Node.js; locally: apt-get install nodejs npm)");
        var folder = Path.Combine(RepositoryRoot.Path, "clients", "openai-node");
        if (!File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json")))
        {
            var npm = RepositoryRoot.Which("npm");
            Skip.If(npm is null, "npm is not on PATH, so the openai package cannot be installed (.ci/run installs it)");
            var (code, log) = await ChildProcess.RunAsync(npm!, folder, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(3));
            Skip.If(code != 0, $"npm ci could not install the openai package (no access to the npm registry?):\n{log}");
        }

        var png = Path.Combine(Path.GetTempPath(), $"pixart-openai-node-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, printed) = await ChildProcess.RunAsync(node!, folder, ["generate.mjs", new Uri(fixture.Server.BaseAddress, "v1").ToString(), png],
                TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["PIXART_API_KEY"] = ServeProcessFixture.Key });
            output.WriteLine(printed);
            Assert.True(exit == 0, $"node generate.mjs exited with {exit}:\n{printed}");
            var result = JsonDocument.Parse(printed.Trim().Split('\n')[^1]).RootElement;
            Assert.Equal(TinyModel.Name, result.GetProperty("model").GetString());
            var bytes = await File.ReadAllBytesAsync(png);
            Assert.Equal(Png.Signature, bytes[..8]);
            Assert.Equal((256, 256), Png.Size(bytes));
            Assert.Equal("a small red fox in the snow", Png.Text(bytes)["prompt"]);
        }
        finally
        {
            File.Delete(png);
        }
    }
}
