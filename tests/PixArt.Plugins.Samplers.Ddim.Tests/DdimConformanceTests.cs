using PixArt.Abstractions.Testing.Sampling;

namespace PixArt.Plugins.Samplers.Ddim.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class DdimConformanceTests : SamplerConformanceTests<DdimSamplerFactory, DdimOptions>;

[Collection(SamplerConformanceTests.Collection)]
public sealed class DdimStochasticConformanceTests : SamplerConformanceTests<DdimSamplerFactory, DdimOptions>
{
    protected override DdimOptions CreateOptions() => new() { Steps = Steps, Eta = 1.0 };
}
