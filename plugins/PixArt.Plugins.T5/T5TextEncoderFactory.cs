using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using PixArt.Plugins.T5.Model;
using PixArt.Plugins.T5.Tokenization;

namespace PixArt.Plugins.T5;

/// <summary>Creates <see cref="T5TextEncoder"/>s from <see cref="T5Options"/>: config, weights (via <see cref="IWeightStore"/>) and tokenizer.</summary>
public sealed class T5TextEncoderFactory : ITextEncoderFactory
{
    /// <inheritdoc />
    public TextEncoderInfo Describe(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<T5Options>();
        var folder = ExistingFolder(context, options);
        var configPath = System.IO.Path.Combine(folder, "config.json");
        var config = T5Config.Load(configPath);
        if (!options.RandomWeights)
        {
            // The dimensions must be those of the weights, known from the headers before the encoder is counted or built.
            var store = context.Services?.GetService<IWeightStore>();
            if (store is not null)
            {
                using var weights = store.Open(folder);
                T5CheckpointCheck.Check(config, weights, configPath);
            }
        }
        return new TextEncoderInfo(config.DModel, options.MaxLength, config.ParameterCount);
    }

    /// <inheritdoc />
    public ITextEncoder Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<T5Options>();
        var store = context.Services?.GetService<IWeightStore>()
            ?? throw new InvalidOperationException($"{context.ConfigPath}: no IWeightStore service; the t5 encoder loads its weights through the host's weight store");
        var logger = (ILogger?)context.Services?.GetService<ILoggerFactory>()?.CreateLogger<T5TextEncoder>() ?? NullLogger.Instance;

        var folder = ExistingFolder(context, options);
        var config = T5Config.Load(System.IO.Path.Combine(folder, "config.json"));
        var tokenizer = T5Tokenizer.FromFile(ResolveTokenizer(context, options, folder));
        if (tokenizer.Model.Pieces.Count > config.VocabSize)
            throw new InvalidDataException($"{tokenizer.Model.Path}: {tokenizer.Model.Pieces.Count} pieces do not fit the embedding of {config.VocabSize} rows ({folder})");

        T5EncoderModel model;
        if (options.RandomWeights)
        {
            model = new T5EncoderModel(config, context.Runtime.DType, context.Runtime.Device);
            ModuleWeights.InitializeRandomly(model);
            model.eval();
        }
        else
        {
            using var weights = store.Open(folder);
            T5CheckpointCheck.Check(config, weights, System.IO.Path.Combine(folder, "config.json"));
            model = T5EncoderModel.Load(config, weights, context.Runtime.DType, context.Runtime.Device);
        }
        return new T5TextEncoder(model, tokenizer, options.MaxLength, options.CleanCaption, context.Runtime.Device, logger);
    }

    private static string ExistingFolder(ComponentContext context, T5Options options)
    {
        var folder = context.ResolvePath(options.Path);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{context.ConfigPath}:Path: T5 text_encoder folder '{folder}' does not exist");
        return folder;
    }

    /// <summary>The spiece.model file: the option if set, else the text_encoder folder, else its sibling <c>tokenizer</c> folder.</summary>
    internal static string ResolveTokenizer(ComponentContext context, T5Options options, string encoderFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.TokenizerPath))
        {
            var path = context.ResolvePath(options.TokenizerPath);
            var file = Directory.Exists(path) ? System.IO.Path.Combine(path, "spiece.model") : path;
            if (!File.Exists(file))
                throw new FileNotFoundException($"{context.ConfigPath}:TokenizerPath: '{file}' does not exist (expected spiece.model or a folder holding it)", file);
            return file;
        }
        var local = System.IO.Path.Combine(encoderFolder, "spiece.model");
        if (File.Exists(local)) return local;
        var sibling = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(encoderFolder)) ?? encoderFolder, "tokenizer", "spiece.model");
        if (File.Exists(sibling)) return sibling;
        throw new FileNotFoundException($"{context.ConfigPath}: no spiece.model found at '{local}' or '{sibling}'; set TokenizerPath", sibling);
    }
}
