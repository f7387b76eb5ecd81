using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using PixArt.Plugins.Datasets.Folders.Images;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>What both factories do around their own index: check options and folder, and refuse an empty result.</summary>
internal static class DatasetFolder
{
    /// <summary><c>ConfigPath:key</c>, or the key alone when the context has no path.</summary>
    public static string Key(ComponentContext context, string key) => context.ConfigPath.Length == 0 ? key : $"{context.ConfigPath}:{key}";

    /// <summary>
    /// Validates <paramref name="options"/> as the host does (annotations, then the cross-field rules), so a factory
    /// called without a host fails the same way: one <see cref="ArgumentException"/> naming every bad key.
    /// </summary>
    public static void ThrowIfInvalid(ComponentContext context, FolderDatasetOptions options)
    {
        var results = new List<ValidationResult>();
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
            Validator.TryValidateProperty(property.GetValue(options), new ValidationContext(options) { MemberName = property.Name }, results);
        results.AddRange(options.Validate(new ValidationContext(options)));
        if (results.Count == 0) return;
        throw new ArgumentException(string.Join("; ", results.SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(m => $"{Key(context, m)}: {r.ErrorMessage}"))));
    }

    /// <summary>The absolute folder of <see cref="FolderDatasetOptions.Path"/>; throws naming the key when it is not a folder.</summary>
    public static string Require(ComponentContext context, FolderDatasetOptions options)
    {
        var folder = Path.TrimEndingDirectorySeparator(context.ResolvePath(options.Path));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(File.Exists(folder)
                ? $"{Key(context, "Path")}: '{folder}' is a file; allowed: {options.FolderDescription}"
                : $"{Key(context, "Path")}: folder '{folder}' does not exist; allowed: {options.FolderDescription}");
        return folder;
    }

    /// <summary>The error for a data set without a usable item: what was found and what is allowed.</summary>
    public static InvalidDataException Empty(ComponentContext context, FolderDatasetOptions options, string folder, ImageReader reader, IReadOnlyList<DatasetProblem> problems, string found)
    {
        var examples = problems.Count == 0 ? "" : $"; e.g. {string.Join("; ", problems.Take(3))}";
        return new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
            $"{Key(context, "Path")}: no usable image in '{folder}' ({found}, {problems.Count} refused{examples}); allowed: {options.FolderDescription}, " +
            $"images in a supported format ({reader.SupportedFormats}) of at most {options.MaxImageSide} pixels a side ({Key(context, "MaxImageSide")}) and {options.MaxImagePixels} pixels ({Key(context, "MaxImagePixels")})"));
    }
}
