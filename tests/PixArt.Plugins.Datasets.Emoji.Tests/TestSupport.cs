using System.Text.Json;
using PixArt.Plugins.Datasets.Emoji.Metadata;
using PixArt.Plugins.Datasets.Emoji.Sources;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Emoji.Tests;

/// <summary>Temp folders, a small metadata file in emoji-datasource's shape, and fake installed packages built from it.</summary>
internal static class TestSupport
{
    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "pixart-emoji-tests", Guid.NewGuid().ToString("N"));

    static TestSupport() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(TempRoot)) Directory.Delete(TempRoot, recursive: true); }
            catch (IOException) { }
        };

    public static string TempFolder()
    {
        var dir = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string FixturePath(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "Fixtures" }.Concat(parts).ToArray());

    private static string Tones(string baseCode, string baseImage, bool google = true) =>
        string.Join(",", new[] { "1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF" }.Select(t =>
            $$"""
            "{{t}}": {"unified": "{{baseCode}}-{{t}}", "image": "{{baseImage}}-{{t.ToLowerInvariant()}}.png", "has_img_twitter": true, "has_img_google": {{(google ? "true" : "false")}}}
            """));

    /// <summary>
    /// Thirteen records in emoji-datasource's shape: two smiling faces, two cat faces, two hands (the waving hand with 5
    /// tones), mage and woman mage (one split group), cook and man cook, a keycap, a flag, a skin-tone swatch (Component);
    /// Noto lacks the cook (has_img_google false). 1F600 and 1F44B hash into eval, the rest into train.
    /// </summary>
    public static readonly string MetadataJson = $$$"""
        [
          {"name": "GRINNING FACE", "unified": "1F600", "image": "1f600.png", "short_names": ["grinning"], "category": "Smileys & Emotion", "subcategory": "face-smiling", "sort_order": 1, "has_img_twitter": true, "has_img_google": true, "extra_field": 1},
          {"name": "SMILING FACE WITH OPEN MOUTH", "unified": "1F603", "image": "1f603.png", "short_names": ["smiley"], "category": "Smileys & Emotion", "subcategory": "face-smiling", "sort_order": 2, "has_img_twitter": true, "has_img_google": true},
          {"name": "RAISED BACK OF HAND", "unified": "1F91A", "image": "1f91a.png", "short_names": ["raised_back_of_hand"], "category": "People & Body", "subcategory": "hand-fingers-open", "sort_order": 171, "has_img_twitter": true, "has_img_google": true},
          {"name": "GRINNING CAT FACE WITH SMILING EYES", "unified": "1F638", "image": "1f638.png", "short_names": ["smile_cat"], "category": "Smileys & Emotion", "subcategory": "cat-face", "sort_order": 118, "has_img_twitter": true, "has_img_google": true},
          {"name": "SMILING CAT FACE WITH OPEN MOUTH", "unified": "1F63A", "image": "1f63a.png", "short_names": ["smiley_cat"], "category": "Smileys & Emotion", "subcategory": "cat-face", "sort_order": 117, "has_img_twitter": true, "has_img_google": true},
          {"name": "WAVING HAND SIGN", "unified": "1F44B", "image": "1f44b.png", "short_names": ["wave"], "category": "People & Body", "subcategory": "hand-fingers-open", "sort_order": 170, "has_img_twitter": true, "has_img_google": true,
           "skin_variations": { {{{Tones("1F44B", "1f44b")}}} }},
          {"name": "MAGE", "unified": "1F9D9", "image": "1f9d9.png", "short_names": ["mage"], "category": "People & Body", "subcategory": "person-fantasy", "sort_order": 372, "has_img_twitter": true, "has_img_google": true},
          {"name": "WOMAN MAGE", "unified": "1F9D9-200D-2640-FE0F", "image": "1f9d9-200d-2640-fe0f.png", "short_names": ["female_mage"], "category": "People & Body", "subcategory": "person-fantasy", "sort_order": 374, "has_img_twitter": true, "has_img_google": true},
          {"name": "MAN COOK", "unified": "1F468-200D-1F373", "image": "1f468-200d-1f373.png", "short_names": ["male-cook"], "category": "People & Body", "subcategory": "person-role", "sort_order": 300, "has_img_twitter": true, "has_img_google": true},
          {"name": "COOK", "unified": "1F9D1-200D-1F373", "image": "1f9d1-200d-1f373.png", "short_names": ["cook"], "category": "People & Body", "subcategory": "person-role", "sort_order": 299, "has_img_twitter": true, "has_img_google": false},
          {"name": "KEYCAP: *", "unified": "002A-FE0F-20E3", "image": "002a-fe0f-20e3.png", "short_names": ["keycap_star"], "category": "Symbols", "subcategory": "keycap", "sort_order": 1557, "has_img_twitter": true, "has_img_google": true},
          {"name": "Côte d’Ivoire Flag", "unified": "1F1E8-1F1EE", "image": "1f1e8-1f1ee.png", "short_names": ["flag-ci"], "category": "Flags", "subcategory": "country-flag", "sort_order": 1650, "has_img_twitter": true, "has_img_google": true},
          {"name": "EMOJI MODIFIER FITZPATRICK TYPE-4", "unified": "1F3FD", "image": "1f3fd.png", "short_names": ["skin-tone-4"], "category": "Component", "subcategory": "skin-tone", "sort_order": 560, "has_img_twitter": true, "has_img_google": true}
        ]
        """;

    public static IReadOnlyList<EmojiRecord> Records() => EmojiMetadata.Parse(MetadataJson, "test metadata");

    public const string MitLicense = "The MIT License (MIT)\n\nCopyright (c) 2013 Cal Henderson\n\nPermission is hereby granted, free of charge, ...\n";

    /// <summary>
    /// Writes <c>root/&lt;package name&gt;/</c> for each style as npm would install it: package.json, LICENSE, README.md,
    /// emoji.json and a 64×64 RGBA PNG for every image the metadata says the style has (a coloured disc on transparent).
    /// </summary>
    public static string WritePackages(string root, string? metadataJson = null, int size = 64)
    {
        metadataJson ??= MetadataJson;
        var records = EmojiMetadata.Parse(metadataJson, "test metadata");
        foreach (var style in EmojiStyles.All)
        {
            var dir = Path.Combine(root, style.PackageName);
            var images = Path.Combine(dir, style.ImageFolder);
            Directory.CreateDirectory(images);
            File.WriteAllText(Path.Combine(dir, "package.json"), JsonSerializer.Serialize(new { name = style.PackageName, version = style.PackageVersion, license = "MIT" }));
            File.WriteAllText(Path.Combine(dir, "LICENSE"), MitLicense);
            File.WriteAllText(Path.Combine(dir, "README.md"),
                "* Android/Google/Noto images, are available under the [Apache License 2.0](...).\n" +
                "* Twitter images are available under the [Creative Commons Attribution 4.0 license](...).\n");
            File.WriteAllText(Path.Combine(dir, "emoji.json"), metadataJson);
            var n = 0;
            foreach (var r in records)
            {
                if (r.HasImage(style.ImageSet)) WriteDisc(Path.Combine(images, r.Image), size, n++);
                foreach (var v in r.SkinVariations?.Values ?? Enumerable.Empty<EmojiSkinVariation>())
                    if (v.HasImage(style.ImageSet)) WriteDisc(Path.Combine(images, v.Image), size, n++);
            }
        }
        return root;
    }

    public static IReadOnlyList<EmojiPackage> OpenPackages(string root) =>
        EmojiStyles.All.Select(s => EmojiPackage.Open(Path.Combine(root, s.PackageName), s)).ToList();

    /// <summary>A disc of radius size/3 in a colour that depends on <paramref name="seed"/>, on a transparent square.</summary>
    public static void WriteDisc(string path, int size, int seed)
    {
        using var image = new Image<Rgba32>(size, size);
        var colour = new Rgba32((byte)(40 + seed * 37 % 200), (byte)(200 - seed * 23 % 150), (byte)(90 + seed * 11 % 120), 255);
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var dx = x - size / 2.0 + 0.5;
            var dy = y - size / 2.0 + 0.5;
            image[x, y] = dx * dx + dy * dy <= size * size / 9.0 ? colour : new Rgba32(0, 0, 0, 0);
        }
        image.SaveAsPng(path);
    }

    /// <summary>
    /// A bash script that acts as <c>npm install --prefix P … name@version</c> by copying <c>templates/name</c> into
    /// <c>P/node_modules/name</c> (or, with <paramref name="failWith"/>, prints that text to stderr and exits 1), and
    /// appends each call to <c>calls.log</c> next to it.
    /// </summary>
    public static string FakeNpm(string folder, string templates, string? failWith = null, bool installNothing = false)
    {
        var path = Path.Combine(folder, "fake-npm");
        var body = failWith is not null
            ? $"echo \"$@\" >> '{folder}/calls.log'\ncat >&2 <<'ERR'\n{failWith}\nERR\nexit 1\n"
            : $$"""
              echo "$@" >> '{{folder}}/calls.log'
              prefix=""; spec=""
              while [ $# -gt 0 ]; do
                case "$1" in
                  --prefix) prefix="$2"; shift 2 ;;
                  install|--*) shift ;;
                  *) spec="$1"; shift ;;
                esac
              done
              name="${spec%@*}"
              mkdir -p "$prefix/node_modules/$name"
              {{(installNothing ? "echo '{}' > \"$prefix/node_modules/$name/package.json\"" : $"cp -r '{templates}'/\"$name\"/. \"$prefix/node_modules/$name/\"")}}
              """;
        File.WriteAllText(path, "#!/usr/bin/env bash\nset -e\n" + body.Replace("\r\n", "\n") + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static int NpmCalls(string folder) =>
        File.Exists(Path.Combine(folder, "calls.log")) ? File.ReadAllLines(Path.Combine(folder, "calls.log")).Length : 0;
}
