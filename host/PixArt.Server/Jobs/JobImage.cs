using PixArt.Hosting.Generation;

namespace PixArt.Server.Jobs;

/// <summary>One finished image of a job: the whole PNG (parameters in its text chunks) and how it was made.</summary>
/// <param name="Index">Its index within the job.</param>
/// <param name="Png">The encoded file.</param>
/// <param name="Parameters">How it was made.</param>
public sealed record JobImage(int Index, byte[] Png, GenerationParameters Parameters);
