namespace PixArt.Plugins.Datasets.Emoji.Sources;

/// <summary>One emoji image set: the npm package it comes from, how it is named in the dataset, and its image licence.</summary>
/// <param name="Id">Style id in the dataset (<c>images/&lt;Id&gt;/</c>, the <c>style</c> field): <c>twemoji</c>, <c>noto</c>.</param>
/// <param name="PackageName">npm package holding <c>emoji.json</c> and <c>img/&lt;ImageSet&gt;/64/*.png</c>.</param>
/// <param name="PackageVersion">Exact package version (the data is pinned).</param>
/// <param name="ImageSet">emoji-datasource's set name: the image folder and the <c>has_img_&lt;set&gt;</c> metadata flag.</param>
/// <param name="CaptionPhrase">Words appended to every caption of this style.</param>
/// <param name="Title">Human name of the artwork.</param>
/// <param name="ImageLicense">SPDX id of the image licence.</param>
/// <param name="ImageLicenseUrl">Where the licence text is.</param>
/// <param name="Creator">Who made the artwork (the credit CC-BY asks for).</param>
/// <param name="SourceUrl">Where the artwork is published.</param>
/// <param name="ReadmeLicenseStatement">Text the package README must contain: the build checks that the package itself still states this image licence.</param>
public sealed record EmojiStyle(
    string Id,
    string PackageName,
    string PackageVersion,
    string ImageSet,
    string CaptionPhrase,
    string Title,
    string ImageLicense,
    string ImageLicenseUrl,
    string Creator,
    string SourceUrl,
    string ReadmeLicenseStatement)
{
    /// <summary>The image folder inside the package (64×64 RGBA PNGs, one per emoji).</summary>
    public string ImageFolder => $"img/{ImageSet}/64";

    /// <summary><c>name@version</c>, as npm takes it.</summary>
    public string PackageSpec => $"{PackageName}@{PackageVersion}";
}
