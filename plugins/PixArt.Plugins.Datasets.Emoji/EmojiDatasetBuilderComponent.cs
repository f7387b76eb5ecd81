using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>
/// The <c>emoji</c> <see cref="IDatasetBuilder"/>: builds the emoji data set folder with <see cref="EmojiDatasetBuilder"/>
/// from <see cref="EmojiBuilderOptions"/>. Problems the user can act on are <see cref="EmojiDataException"/>s with a
/// one-line message; the folder is written next to the target and moved into place only when complete.
/// </summary>
public sealed class EmojiDatasetBuilderComponent : IDatasetBuilder
{
    /// <inheritdoc />
    /// <remarks>A relative <paramref name="output"/> resolves against the current directory (it comes from the command line).</remarks>
    public async Task BuildAsync(ComponentContext context, string output, bool overwrite, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var options = context.GetOptions<EmojiBuilderOptions>();
        ThrowIfInvalid(context, options);

        var logger = (ILogger?)context.Services?.GetService<ILoggerFactory>()?.CreateLogger<EmojiDatasetBuilder>() ?? NullLogger.Instance;
        var builder = new EmojiDatasetBuilder(options.ToBuildOptions(context, overwrite), logger);
        await builder.BuildAsync(Path.GetFullPath(output), progress, cancellationToken).ConfigureAwait(false);
    }

    // The host validates before building; a caller without a host gets the same checks, every bad key named at once.
    private static void ThrowIfInvalid(ComponentContext context, EmojiBuilderOptions options)
    {
        var problems = new List<ValidationResult>();
        foreach (var property in typeof(EmojiBuilderOptions).GetProperties())
            Validator.TryValidateProperty(property.GetValue(options), new ValidationContext(options) { MemberName = property.Name }, problems);
        problems.AddRange(options.Validate(new ValidationContext(options)));
        if (problems.Count == 0) return;
        throw new ArgumentException(string.Join("; ", problems.SelectMany(p => p.MemberNames.Select(m =>
            $"{(context.ConfigPath.Length == 0 ? m : $"{context.ConfigPath}:{m}")}: {p.ErrorMessage}"))));
    }
}
