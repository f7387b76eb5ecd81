namespace PixArt.Abstractions.Sampling;

/// <summary>Facts about a sampler that the generation loop and validators need before a run.</summary>
/// <param name="UsesLearnedVariance">
/// True when <see cref="ISampler.Step"/> wants the learned-variance channels too (IDDPM): such a sampler needs a denoiser
/// with learned σ. False when the loop passes only the ε channels.
/// </param>
/// <param name="Stochastic">True when the sampler draws noise during the run (ancestral or SDE steps).</param>
public sealed record SamplerInfo(bool UsesLearnedVariance, bool Stochastic);
