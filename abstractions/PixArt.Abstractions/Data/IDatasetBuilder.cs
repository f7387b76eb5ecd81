using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Data;

/// <summary>
/// Builds a data set folder from a source a plugin knows (e.g. npm packages of emoji), for <c>pixart data &lt;id&gt;</c>.
/// Provisional (ADR 0003).
/// </summary>
[Experimental("PXF0001")]
public interface IDatasetBuilder
{
    /// <summary>
    /// Builds into <paramref name="output"/> with the builder's options from <paramref name="context"/>, reporting progress;
    /// nothing is left half-written on failure or cancellation. Throws with a one-line message naming what to do.
    /// </summary>
    Task BuildAsync(ComponentContext context, string output, bool overwrite, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken);
}
