namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>
/// One collection for the whole assembly: the model (90 MB) and the reference encoder load once, and tests that count live
/// tensors (thread-static statistics) do not interleave with others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MiniLMCollection : ICollectionFixture<MiniLMFixture>
{
    public const string Name = "minilm";
}
