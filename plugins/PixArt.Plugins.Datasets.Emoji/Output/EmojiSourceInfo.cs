using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>One source package as recorded in <c>dataset.json</c> and the licence files.</summary>
public sealed class EmojiSourceInfo
{
    /// <summary>Style id.</summary>
    public string Style { get; init; } = "";

    /// <summary>npm package.</summary>
    public string Package { get; init; } = "";

    /// <summary>Package version.</summary>
    public string Version { get; init; } = "";

    /// <summary>Name of the artwork.</summary>
    public string Title { get; init; } = "";

    /// <summary>Who made the artwork.</summary>
    public string Creator { get; init; } = "";

    /// <summary>Where the artwork is published.</summary>
    public string SourceUrl { get; init; } = "";

    /// <summary>SPDX id of the image licence.</summary>
    public string ImageLicense { get; init; } = "";

    /// <summary>Where the image licence is.</summary>
    public string ImageLicenseUrl { get; init; } = "";

    /// <summary>Licence of the metadata, from the package's <c>package.json</c>.</summary>
    public string MetadataLicense { get; init; } = "";

    /// <summary>The record for an opened package.</summary>
    public static EmojiSourceInfo From(EmojiPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var s = package.Style;
        return new EmojiSourceInfo
        {
            Style = s.Id, Package = s.PackageName, Version = s.PackageVersion, Title = s.Title, Creator = s.Creator,
            SourceUrl = s.SourceUrl, ImageLicense = s.ImageLicense, ImageLicenseUrl = s.ImageLicenseUrl,
            MetadataLicense = package.MetadataLicense,
        };
    }
}
