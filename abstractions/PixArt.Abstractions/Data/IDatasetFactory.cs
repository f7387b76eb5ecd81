using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Data;

/// <summary>Creates training datasets. Provisional until the trainer lands.</summary>
[Experimental("PXF0001")]
public interface IDatasetFactory
{
    /// <summary>Opens the dataset described by <paramref name="context"/>'s options.</summary>
    IDataset Create(ComponentContext context);
}
