using PixArt.Abstractions.Testing.Sampling;

namespace PixArt.Plugins.Samplers.Ddim.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class DdimConformanceTests : SamplerConformanceTests<DdimSamplerFactory, DdimOptions>
{
    protected override IEnumerable<DdimOptions> StepCountVariants() =>
        from spacing in new[] { "leading", "linspace", "trailing" }
        from offset in new[] { 0, 1 }
        from eta in new[] { 0.0, 1.0 }
        select new DdimOptions { TimestepSpacing = spacing, StepsOffset = offset, Eta = eta };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class DdimStochasticConformanceTests : SamplerConformanceTests<DdimSamplerFactory, DdimOptions>
{
    protected override DdimOptions CreateOptions() => new() { Steps = Steps, Eta = 1.0 };
}
