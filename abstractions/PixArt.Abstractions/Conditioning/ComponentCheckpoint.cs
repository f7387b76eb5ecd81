using PixArt.Abstractions.Weights;

namespace PixArt.Abstractions.Conditioning;

/// <summary>
/// The checkpoint a conditioning component is about to be loaded from, so the component can size itself from its own
/// keys (e.g. the length of a learned null caption, whether micro-condition embedders exist) without the denoiser knowing
/// those keys. In the <see cref="CheckpointLayout.Native"/> layout <see cref="Source"/> shows only the component's keys,
/// relative to it; in the official and diffusers layouts it shows the whole checkpoint under its external names.
/// Only names and headers should be read here: the tensors load later, strictly, through the denoiser.
/// </summary>
/// <param name="Source">The checkpoint (or the component's part of it).</param>
/// <param name="Layout">Its key layout.</param>
public sealed record ComponentCheckpoint(IWeightSource Source, CheckpointLayout Layout);
