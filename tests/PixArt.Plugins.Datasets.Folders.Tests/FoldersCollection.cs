namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>
/// One sequential collection: the tests write small image folders and decode them on a shared 2-core machine, and the
/// allocation check of the crafted huge header must not count other tests' allocations.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FoldersCollection
{
    public const string Name = "folders";
}
