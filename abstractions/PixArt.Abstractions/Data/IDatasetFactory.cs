using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Data;

/// <summary>Creates training data sets. Provisional (ADR 0003).</summary>
[Experimental("PXF0001")]
public interface IDatasetFactory
{
    /// <summary>
    /// Opens the data set described by <paramref name="context"/>'s options: reads its index and every image header (not the
    /// pixels), refusing unreadable or oversized items into <see cref="IDataset.Skipped"/>. Throws naming the option or
    /// file when the data set as a whole cannot be used.
    /// </summary>
    IDataset Create(ComponentContext context);
}
