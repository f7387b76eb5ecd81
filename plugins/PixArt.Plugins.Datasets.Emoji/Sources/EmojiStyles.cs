namespace PixArt.Plugins.Datasets.Emoji.Sources;

/// <summary>The two image sets the dataset is built from (emoji-datasource 16.0.0 = Emoji 16.0).</summary>
public static class EmojiStyles
{
    /// <summary>The emoji-datasource version both packages are pinned to.</summary>
    public const string Version = "16.0.0";

    /// <summary>Twemoji (jdecked's fork of Twitter's Twemoji, v16.0.1 in this package): graphics CC-BY 4.0.</summary>
    public static readonly EmojiStyle Twemoji = new(
        Id: "twemoji",
        PackageName: "emoji-datasource-twitter",
        PackageVersion: Version,
        ImageSet: "twitter",
        CaptionPhrase: "twemoji style",
        Title: "Twemoji",
        ImageLicense: "CC-BY-4.0",
        ImageLicenseUrl: "https://creativecommons.org/licenses/by/4.0/",
        Creator: "Twitter, Inc and other contributors; jdecked and other contributors (Twemoji fork)",
        SourceUrl: "https://github.com/jdecked/twemoji",
        ReadmeLicenseStatement: "Creative Commons Attribution 4.0");

    /// <summary>Google's Noto Emoji (v2.048 in this package): images Apache-2.0.</summary>
    public static readonly EmojiStyle Noto = new(
        Id: "noto",
        PackageName: "emoji-datasource-google",
        PackageVersion: Version,
        ImageSet: "google",
        CaptionPhrase: "noto style",
        Title: "Noto Emoji",
        ImageLicense: "Apache-2.0",
        ImageLicenseUrl: "https://www.apache.org/licenses/LICENSE-2.0",
        Creator: "Google LLC and the Noto Emoji contributors",
        SourceUrl: "https://github.com/googlefonts/noto-emoji",
        ReadmeLicenseStatement: "Apache License 2.0");

    /// <summary>Both styles, in dataset order (Twemoji first).</summary>
    public static IReadOnlyList<EmojiStyle> All { get; } = new[] { Twemoji, Noto };

    /// <summary>The style with id <paramref name="id"/>, or null.</summary>
    public static EmojiStyle? Find(string id) => All.FirstOrDefault(s => s.Id == id);
}
