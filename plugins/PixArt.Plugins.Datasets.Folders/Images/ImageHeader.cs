namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>What an image header says, or why the file is refused.</summary>
/// <param name="Width">Width in pixels (0 when refused).</param>
/// <param name="Height">Height in pixels (0 when refused).</param>
/// <param name="Problem">Why the file cannot be used, or null.</param>
internal readonly record struct ImageHeader(int Width, int Height, string? Problem)
{
    public static ImageHeader Refused(string problem) => new(0, 0, problem);
}
