using System.Text.Json.Serialization;

namespace PixArt.Plugins.Datasets.Emoji.Metadata;

/// <summary>One emoji of emoji-datasource's <c>emoji.json</c> (only the fields the dataset uses).</summary>
public sealed class EmojiRecord
{
    /// <summary>Unicode name (upper case for most emoji, title case for flags), e.g. <c>GRINNING FACE</c>.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>Code points, e.g. <c>1F600</c> or <c>1F9D9-200D-2640-FE0F</c>.</summary>
    [JsonPropertyName("unified")] public string Unified { get; set; } = "";

    /// <summary>Image file name, e.g. <c>1f600.png</c>.</summary>
    [JsonPropertyName("image")] public string Image { get; set; } = "";

    /// <summary>Slack-style short names, e.g. <c>grinning</c>, <c>smile_cat</c>.</summary>
    [JsonPropertyName("short_names")] public List<string>? ShortNames { get; set; }

    /// <summary>Unicode emoji category, e.g. <c>Smileys &amp; Emotion</c>.</summary>
    [JsonPropertyName("category")] public string Category { get; set; } = "";

    /// <summary>Unicode emoji subcategory, e.g. <c>face-smiling</c>: the class of the dataset.</summary>
    [JsonPropertyName("subcategory")] public string Subcategory { get; set; } = "";

    /// <summary>Position in Unicode's emoji ordering (emoji-test.txt), which groups by category and subcategory.</summary>
    [JsonPropertyName("sort_order")] public int SortOrder { get; set; }

    /// <summary>Whether the Twemoji set has the image.</summary>
    [JsonPropertyName("has_img_twitter")] public bool HasImgTwitter { get; set; }

    /// <summary>Whether the Noto set has the image.</summary>
    [JsonPropertyName("has_img_google")] public bool HasImgGoogle { get; set; }

    /// <summary>Skin-tone variants keyed by modifier(s): <c>1F3FB</c>…<c>1F3FF</c>, or <c>1F3FB-1F3FF</c> for two people.</summary>
    [JsonPropertyName("skin_variations")] public Dictionary<string, EmojiSkinVariation>? SkinVariations { get; set; }

    /// <summary>Whether image set <paramref name="imageSet"/> (<c>twitter</c>, <c>google</c>) has the image.</summary>
    public bool HasImage(string imageSet) => Flag(imageSet, HasImgTwitter, HasImgGoogle);

    internal static bool Flag(string imageSet, bool twitter, bool google) => imageSet switch
    {
        "twitter" => twitter,
        "google" => google,
        _ => throw new ArgumentOutOfRangeException(nameof(imageSet), imageSet, "image set must be 'twitter' or 'google'"),
    };
}
