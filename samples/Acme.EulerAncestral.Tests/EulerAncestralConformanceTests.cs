using PixArt.Abstractions.Testing.Sampling;
using Xunit;

namespace Acme.EulerAncestral.Tests;

[CollectionDefinition(SamplerConformanceTests.Collection, DisableParallelization = true)]
public sealed class SamplerCollection { }

/// <summary>The sampler passes the conformance kit every PixArt.Framework sampler passes.</summary>
[Collection(SamplerConformanceTests.Collection)]
public sealed class EulerAncestralConformanceTests : SamplerConformanceTests<EulerAncestralSamplerFactory, EulerAncestralOptions>;
