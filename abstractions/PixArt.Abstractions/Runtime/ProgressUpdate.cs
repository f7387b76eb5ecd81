namespace PixArt.Abstractions.Runtime;

/// <summary>One progress report of a long operation (a denoising step, a decoded image, a training step).</summary>
/// <param name="Stage">What is running, e.g. <c>encode</c>, <c>denoise</c>, <c>decode</c>, <c>train</c>.</param>
/// <param name="Step">Steps completed within the stage (1-based once one is done).</param>
/// <param name="Total">Total steps of the stage.</param>
/// <param name="Message">Optional detail for people.</param>
public readonly record struct ProgressUpdate(string Stage, int Step, int Total, string? Message = null);
