using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.Hosting.Generation;

/// <summary>The sampler one request runs with: its type, factory, validated options and what the factory says of it.</summary>
/// <param name="TypeId">The sampler's type id.</param>
/// <param name="Factory">Its factory (a fresh sampler per run).</param>
/// <param name="Context">The context to create it with (the request's options).</param>
/// <param name="Info">Learned variance, stochasticity.</param>
/// <param name="Options">The validated options (steps, guidance, schedule and the sampler's own).</param>
/// <param name="ChangedOptions">
/// The sampler's own options that differ from its defaults, by name, as text: recorded with each image so the image can be
/// made again (steps and guidance are recorded separately).
/// </param>
public sealed record SamplerChoice(
    string TypeId,
    ISamplerFactory Factory,
    ComponentContext Context,
    SamplerInfo Info,
    SamplerOptions Options,
    IReadOnlyDictionary<string, string> ChangedOptions);
