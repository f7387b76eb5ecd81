using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Generation;

namespace PixArt.Server.Tests.Units;

/// <summary>Plans without a model: only what batching and the job store look at.</summary>
internal static class Plans
{
    public static GenerationPlan Make(int images = 1, int steps = 4, int side = 64, string sampler = "dpm-solver", double guidance = 4.5, long seed = 1)
    {
        var options = new SamplerOptions { Steps = steps, GuidanceScale = guidance };
        var choice = new SamplerChoice(sampler, null!, null!, new SamplerInfo(false, false), options, new Dictionary<string, string>());
        return new GenerationPlan(Enumerable.Repeat("p", images).ToList(), Enumerable.Range(0, images).Select(i => seed + i).ToList(), "",
            choice, UnconditionalMode.NegativePrompt, new ImageSize(side, side, side, side), new RequestEstimate(0, 0, 0, steps, 0));
    }
}
