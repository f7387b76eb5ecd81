namespace PixArt.Hosting.Training;

/// <summary>One micro-batch of a stage: its items and the size they are loaded at (one bucket per batch).</summary>
/// <param name="Items">Data set indices.</param>
/// <param name="Height">Height every item is fitted to, in pixels.</param>
/// <param name="Width">Width every item is fitted to, in pixels.</param>
/// <param name="AspectRatio">The bucket's ratio height / width (its table key; the micro-condition of multi-scale training).</param>
public sealed record BatchPlan(IReadOnlyList<int> Items, int Height, int Width, float AspectRatio);

/// <summary>Where a stage is in its data: the epoch and the batch index within it.</summary>
/// <param name="Epoch">Epoch (0-based).</param>
/// <param name="Batch">Index of the next batch within the epoch.</param>
public readonly record struct BatchPosition(int Epoch, int Batch);
