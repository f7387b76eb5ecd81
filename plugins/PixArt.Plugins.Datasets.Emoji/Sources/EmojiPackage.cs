using System.Text.Json;

namespace PixArt.Plugins.Datasets.Emoji.Sources;

/// <summary>An installed emoji-datasource package, checked: right name and version, metadata, image folder, licences.</summary>
public sealed class EmojiPackage
{
    private EmojiPackage(EmojiStyle style, string directory, string metadataLicense, string licenseText)
    {
        Style = style;
        Directory = directory;
        MetadataLicense = metadataLicense;
        LicenseText = licenseText;
    }

    /// <summary>The style the package provides.</summary>
    public EmojiStyle Style { get; }

    /// <summary>The package folder (holding <c>package.json</c>).</summary>
    public string Directory { get; }

    /// <summary>The <c>license</c> field of the package's <c>package.json</c> (the metadata's licence: MIT).</summary>
    public string MetadataLicense { get; }

    /// <summary>The package's <c>LICENSE</c> file, verbatim (copied into every dataset).</summary>
    public string LicenseText { get; }

    /// <summary><c>emoji.json</c>.</summary>
    public string MetadataPath => Path.Combine(Directory, "emoji.json");

    /// <summary>The folder of 64×64 images.</summary>
    public string ImageDirectory => Path.Combine(Directory, Style.ImageFolder);

    /// <summary>The version an installed package folder declares in its <c>package.json</c>, or null when there is none.</summary>
    public static string? InstalledVersion(string directory)
    {
        var path = Path.Combine(directory, "package.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="directory"/> holds a complete copy of <paramref name="style"/>'s package.</summary>
    public static bool IsComplete(string directory, EmojiStyle style) =>
        InstalledVersion(directory) == style.PackageVersion
        && File.Exists(Path.Combine(directory, "emoji.json"))
        && File.Exists(Path.Combine(directory, "LICENSE"))
        && System.IO.Directory.Exists(Path.Combine(directory, style.ImageFolder));

    /// <summary>Opens and checks the package folder.</summary>
    /// <exception cref="EmojiDataException">Wrong package or version, a missing file, or a README that no longer states the image licence.</exception>
    public static EmojiPackage Open(string directory, EmojiStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        var packageJson = Path.Combine(directory, "package.json");
        if (!File.Exists(packageJson))
            throw new EmojiDataException($"{directory}: no package.json; expected an installed {style.PackageSpec}");
        string? name, version, license;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(packageJson));
            name = Field(doc.RootElement, "name");
            version = Field(doc.RootElement, "version");
            license = Field(doc.RootElement, "license");
        }
        catch (JsonException e)
        {
            throw new EmojiDataException($"{packageJson}: not valid JSON ({e.Message})", e);
        }
        if (name != style.PackageName || version != style.PackageVersion)
            throw new EmojiDataException($"{directory}: holds {name}@{version}, expected {style.PackageSpec}; delete it and rebuild");
        foreach (var required in new[] { "emoji.json", "LICENSE", "README.md" })
            if (!File.Exists(Path.Combine(directory, required)))
                throw new EmojiDataException($"{directory}: {required} is missing; the package looks incomplete, delete it and rebuild");
        if (!System.IO.Directory.Exists(Path.Combine(directory, style.ImageFolder)))
            throw new EmojiDataException($"{directory}: no {style.ImageFolder} folder; the package looks incomplete, delete it and rebuild");
        // The image licence is stated in the package README; refuse to build with an attribution the package no longer supports.
        var readme = File.ReadAllText(Path.Combine(directory, "README.md"));
        if (!readme.Contains(style.ReadmeLicenseStatement, StringComparison.Ordinal))
            throw new EmojiDataException($"{directory}/README.md no longer states '{style.ReadmeLicenseStatement}' for the {style.Title} images; check the licence before building");
        if (string.IsNullOrWhiteSpace(license))
            throw new EmojiDataException($"{packageJson}: no 'license' field; the metadata licence cannot be recorded");
        return new EmojiPackage(style, directory, license, File.ReadAllText(Path.Combine(directory, "LICENSE")));
    }

    private static string? Field(JsonElement o, string key) =>
        o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
