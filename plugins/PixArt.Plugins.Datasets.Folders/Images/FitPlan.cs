namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>
/// How an image is fitted: scaled to <see cref="ScaledHeight"/> × <see cref="ScaledWidth"/>, then the
/// <see cref="Height"/> × <see cref="Width"/> window at (<see cref="Top"/>, <see cref="Left"/>) is kept.
/// </summary>
internal readonly record struct FitPlan(long ScaledHeight, long ScaledWidth, int Top, int Left, int Height, int Width, bool Bicubic)
{
    /// <summary>Pixels of the scaled image before the crop.</summary>
    public long ScaledPixels => ScaledHeight * ScaledWidth;
}
