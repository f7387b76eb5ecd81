namespace PixArt.Abstractions.Plugins;

/// <summary>The version of the plugin contract this abstractions assembly implements.</summary>
public static class ContractVersion
{
    /// <summary>
    /// Bumped on every breaking change of the contracts. A plugin built for another value is rejected
    /// by the host with a message naming both values.
    /// </summary>
    public const int Current = 2;
}
