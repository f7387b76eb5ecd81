using PixArt.Abstractions.Testing.Sampling;

namespace PixArt.Plugins.Samplers.Lcm.Tests;

// Leak counts and timings must not see other tests' tensors: the sampler suites run one at a time.
[CollectionDefinition(SamplerConformanceTests.Collection, DisableParallelization = true)]
public sealed class SamplerCollection;
