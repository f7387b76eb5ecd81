using System.Text;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>
/// Writes <c>ATTRIBUTION.md</c>, <c>LICENSES.md</c> and <c>licenses/</c> into a dataset folder. CC BY 4.0 (Twemoji) asks
/// for the creator, a copyright notice, a notice referring to the licence with its URI, a disclaimer notice, a link to
/// the material and an indication of changes (section 3(a)); Apache-2.0 (Noto) asks for a copy of the licence and a
/// statement of changes (section 4); MIT (emoji-datasource metadata) asks for its copyright and permission notice.
/// </summary>
public static class EmojiLicenseFiles
{
    /// <summary>File names.</summary>
    public const string Attribution = "ATTRIBUTION.md", Licenses = "LICENSES.md", Folder = "licenses",
        ApacheText = "licenses/Apache-2.0.txt", MetadataLicenseText = "licenses/emoji-datasource-MIT.txt";

    /// <summary>Every file this class writes, relative to the dataset folder.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { Attribution, Licenses, ApacheText, MetadataLicenseText };

    private const string Changes =
        "the 64×64 RGBA PNG of each emoji was composited onto an opaque white background and saved as a 64×64 8-bit RGB PNG " +
        "named after the emoji's code points; nothing else was altered.";

    /// <summary>Writes the files. <paramref name="metadataLicenseText"/> is the emoji-datasource <c>LICENSE</c>, verbatim.</summary>
    public static void Write(string directory, IReadOnlyList<EmojiSourceInfo> sources, string metadataLicenseText)
    {
        ArgumentNullException.ThrowIfNull(sources);
        Directory.CreateDirectory(Path.Combine(directory, Folder));
        File.WriteAllText(Path.Combine(directory, ApacheText), ApacheLicense());
        File.WriteAllText(Path.Combine(directory, MetadataLicenseText), metadataLicenseText.ReplaceLineEndings("\n"));
        File.WriteAllText(Path.Combine(directory, Attribution), AttributionText(sources, CopyrightLine(metadataLicenseText)));
        File.WriteAllText(Path.Combine(directory, Licenses), LicensesText(sources));
    }

    /// <summary>The Apache License 2.0 text shipped with the plugin.</summary>
    public static string ApacheLicense()
    {
        using var stream = typeof(EmojiLicenseFiles).Assembly.GetManifestResourceStream("PixArt.Plugins.Datasets.Emoji.Apache-2.0.txt")
            ?? throw new InvalidOperationException("the Apache-2.0 licence text is missing from the plugin assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private static string CopyrightLine(string licenseText) =>
        licenseText.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Copyright", StringComparison.Ordinal))
        ?? "Copyright (c) Cal Henderson";

    private static string AttributionText(IReadOnlyList<EmojiSourceInfo> sources, string metadataCopyright)
    {
        var b = new StringBuilder();
        var versions = string.Join(", ", sources.Select(s => $"`{s.Package}@{s.Version}`"));
        b.Append("# Attribution\n\n");
        b.Append($"This dataset was built by PixArt.Framework's `emoji` plugin from the npm packages {versions} of ");
        b.Append("emoji-datasource by Cal Henderson (https://github.com/iamcal/emoji-data).\n\n");
        b.Append("Credit line for the dataset and for work adapted from it:\n\n");
        b.Append("> " + string.Join(" ", sources.Select(s => $"{s.Title} images by {s.Creator}, {s.ImageLicense} ({s.ImageLicenseUrl}).")));
        b.Append($" Emoji metadata from emoji-datasource, {metadataCopyright}, MIT License.\n\n");
        b.Append("## Images\n");
        foreach (var s in sources)
        {
            b.Append($"\n### {s.Title}: `images/{s.Style}/`\n\n");
            b.Append($"- Work: {s.Title} images, as packaged in `{s.Package}@{s.Version}`; source: {s.SourceUrl}\n");
            b.Append($"- Creator and copyright: © {s.Creator}.\n");
            if (s.ImageLicense == "CC-BY-4.0")
            {
                b.Append($"- Licence: Creative Commons Attribution 4.0 International (CC BY 4.0), {s.ImageLicenseUrl} ");
                b.Append("(legal code: https://creativecommons.org/licenses/by/4.0/legalcode).\n");
                b.Append("- Disclaimer: the licensor offers the material as-is and makes no representations or warranties of any kind ");
                b.Append("(CC BY 4.0, section 5). No endorsement by the licensor is implied.\n");
            }
            else if (s.ImageLicense == "Apache-2.0")
            {
                b.Append($"- Licence: Apache License, Version 2.0 ({s.ImageLicenseUrl}); full text in `{ApacheText}`.\n");
                b.Append("  In noto-emoji, flag images come from `third_party/region-flags`, which that project describes as public ");
                b.Append("domain or otherwise exempt from copyright; they are treated as Apache-2.0 here like the rest.\n");
                b.Append("- Distributed on an \"AS IS\" basis, without warranties or conditions of any kind (Apache-2.0, section 7).\n");
            }
            else
            {
                b.Append($"- Licence: {s.ImageLicense}, {s.ImageLicenseUrl}.\n");
            }
            b.Append($"- Changes: {Changes}\n");
        }
        b.Append("\n## Metadata, captions, classes\n\n");
        b.Append("Emoji names, short names, categories, subcategories and code points come from emoji-datasource's `emoji.json`, ");
        b.Append($"{metadataCopyright}, MIT License (licence field of the packages' `package.json`: ");
        b.Append(string.Join(", ", sources.Select(s => $"{s.Package}: {s.MetadataLicense}").Distinct()));
        b.Append($"); full notice in `{MetadataLicenseText}`. The captions, class numbering, split and aesthetic flag ");
        b.Append("in `captions.jsonl` and `classes.json` are derived from that metadata by the builder.\n");
        return b.ToString();
    }

    private static string LicensesText(IReadOnlyList<EmojiSourceInfo> sources)
    {
        var b = new StringBuilder();
        b.Append("# Licences\n\n");
        b.Append("| part of the dataset | from | licence | text |\n|---|---|---|---|\n");
        foreach (var s in sources)
        {
            var text = s.ImageLicense == "Apache-2.0" ? $"`{ApacheText}`" : s.ImageLicenseUrl;
            b.Append($"| `images/{s.Style}/` | {s.Title} (`{s.Package}@{s.Version}`) | {s.ImageLicense} | {text} |\n");
        }
        b.Append($"| names, categories, short names in `captions.jsonl`, `classes.json` | emoji-datasource `emoji.json` | MIT | `{MetadataLicenseText}` |\n");
        b.Append("| captions, classes, split, aesthetic flag | derived by the builder from the metadata | keep the MIT notice | `" + MetadataLicenseText + "` |\n\n");
        b.Append($"Attribution to keep with copies of the dataset or of work adapted from it: see `{Attribution}`. ");
        b.Append("Whether weights trained on the images are adapted material is not settled; keeping the attribution with a trained model costs nothing.\n");
        return b.ToString();
    }
}
