using Microsoft.Extensions.DependencyInjection;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using static TorchSharp.torch;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// Plans with different prompts, negative prompts, seeds and image counts share one denoising pass
/// (<see cref="GenerationService.RunBatch"/>, what the server's batching runs) and give the images each plan makes alone.
/// </summary>
[Collection("cli")]
public sealed class BatchedGenerationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string EmbeddedModel = Path.Combine(AppContext.BaseDirectory, "models", "pixart-tiny-random");

    private static Microsoft.Extensions.Hosting.IHost Start() =>
        ComposedHost.Start(ModelFolder.Read(EmbeddedModel).ToDictionary(k => k.Key, k => k.Value), EmbeddedModel, PipelineSlots.Generation);

    [Fact]
    public void BatchedPlansEqualTheirUnbatchedRuns()
    {
        using var host = Start();
        var planner = host.Services.GetRequiredService<GenerationPlanner>();
        var service = host.Services.GetRequiredService<GenerationService>();
        GenerationPlan Plan(string prompt, string negative, long seed, int n) => planner.Plan(new GenerationRequest
        {
            Prompts = [prompt], NegativePrompt = negative, Seed = seed, ImagesPerPrompt = n, Steps = 3, Width = 64, Height = 64, Sampler = "dpm-solver",
        });
        var plans = new[] { Plan("a red fox", "", 11, 1), Plan("a lighthouse at night", "fog", 5, 2), Plan("a red fox", "blur", 40, 1) };
        Assert.All(plans, p => Assert.True(GenerationBatch.Compatible(plans[0], p)));

        var batched = service.RunBatch(plans);
        var worst = 0.0;
        for (var p = 0; p < plans.Length; p++)
        {
            var alone = service.Run(plans[p]);
            Assert.Equal(alone.Count, batched[p].Count);
            for (var i = 0; i < alone.Count; i++)
            {
                Assert.Equal(alone[i].Parameters, batched[p][i].Parameters);
                using var difference = (alone[i].Pixels - batched[p][i].Pixels).abs().max();
                worst = Math.Max(worst, difference.item<float>());
            }
            foreach (var image in alone) image.Dispose();
        }
        foreach (var image in batched.SelectMany(b => b)) image.Dispose();
        output.WriteLine($"largest |batched - alone| over 4 images of 64x64: {worst:E2} (in [0, 1]; one 8-bit level is {1.0 / 255:E2})");
        // Batching changes the GEMM shapes, so libtorch may sum in another order: allow float rounding, far below one 8-bit level.
        Assert.True(worst <= 1e-4, $"batched images differ from unbatched ones by {worst}");
    }

    [Fact]
    public void IncompatiblePlansAreRefusedNamingTheDifference()
    {
        using var host = Start();
        var planner = host.Services.GetRequiredService<GenerationPlanner>();
        var a = planner.Plan(new GenerationRequest { Prompts = ["x"], Steps = 2, Width = 64, Height = 64, Seed = 1 });
        var b = planner.Plan(new GenerationRequest { Prompts = ["x"], Steps = 3, Width = 64, Height = 64, Seed = 1 });
        var c = planner.Plan(new GenerationRequest { Prompts = ["x"], Steps = 2, Width = 32, Height = 64, Seed = 1 });
        Assert.False(GenerationBatch.Compatible(a, b));
        Assert.False(GenerationBatch.Compatible(a, c));
        var error = Assert.Throws<ArgumentException>(() => host.Services.GetRequiredService<GenerationService>().RunBatch([a, b]));
        Assert.Contains("plan 1 cannot share a pass", error.Message);
    }
}
