namespace PixArt.Hosting.Model;

/// <summary>
/// Whether the model's weights are in memory yet (a DI singleton the loader marks): a request planned before the model
/// loads must leave room for the weights too, one planned after it need not.
/// </summary>
public sealed class ModelResidency
{
    private volatile bool _loaded;

    /// <summary>True once <see cref="PixArtModelLoader"/> has loaded the model.</summary>
    public bool Loaded => _loaded;

    /// <summary>Records that the model is loaded.</summary>
    public void MarkLoaded() => _loaded = true;
}
