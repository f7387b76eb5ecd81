using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Sampling;

/// <summary>Creates samplers. Registered as a singleton; every run gets its own <see cref="ISampler"/>.</summary>
public interface ISamplerFactory
{
    /// <summary>Facts about the samplers this factory creates with <paramref name="context"/>'s options (nothing is allocated).</summary>
    SamplerInfo Describe(ComponentContext context);

    /// <summary>A fresh sampler for one run, drawing all its noise from <paramref name="noise"/>.</summary>
    ISampler Create(ComponentContext context, INoiseSource noise);
}
