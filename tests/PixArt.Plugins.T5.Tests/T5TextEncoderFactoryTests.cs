using PixArt.Nn.Weights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Runtime;
using PixArt.Plugins.T5.Model;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Tests;

/// <summary>The <c>t5</c> component end to end: a Hugging Face style folder (case config + weights, fixture tokenizer) through the factory.</summary>
public sealed class T5TextEncoderFactoryTests
{
    [Fact]
    public void EncodesPromptsFromAModelFolder()
    {
        using var golden = GoldenData.Open(TestSupport.CaseName);
        var root = TestSupport.WriteModelFolder(golden);
        var options = new T5Options { Path = Path.Combine(root, "text_encoder") };
        using var encoder = Create(options);
        var config = TestSupport.CaseConfig(golden);
        Assert.Equal(options.MaxLength, encoder.MaxLength);
        Assert.Equal(config.DModel, encoder.HiddenSize);

        string[] prompts = ["A photograph of a cat sitting on a wooden table, 4k", "Two children walking through the forest!"];
        using var embedding = encoder.Encode(prompts);
        Assert.Equal(new long[] { 2, options.MaxLength, config.DModel }, embedding.Tokens.shape);
        Assert.Equal(ScalarType.Float32, embedding.Tokens.dtype);
        Assert.Equal(new long[] { 2, options.MaxLength }, embedding.Mask.shape);
        Assert.Equal(ScalarType.Int64, embedding.Mask.dtype);
        Assert.False(embedding.Tokens.requires_grad);

        // The same ids through a separately loaded model give the same embeddings; the mask counts pieces + EOS.
        var batch = ((T5TextEncoder)encoder).Tokenize(prompts);
        using var scope = NewDisposeScope();
        using var weights = new PrefixedWeightSource(golden.Data, TestSupport.WeightPrefix);
        using var model = T5EncoderModel.Load(config, weights, ScalarType.Float32, CPU);
        var ids = tensor(batch.Ids, [2, options.MaxLength], ScalarType.Int64);
        var mask = tensor(batch.Mask, [2, options.MaxLength], ScalarType.Int64);
        Assert.True(mask.eq(embedding.Mask).all().item<bool>());
        using (no_grad()) TensorAssert.Close(embedding.Tokens, model.forward(ids, mask), golden.ToleranceRel, "factory encoder vs direct model");
        var cleaned = prompts.Select(p => PixArt.Plugins.T5.Text.CaptionCleaner.Preprocess(p, clean: true)).ToList();
        for (var b = 0; b < 2; b++)
            Assert.Equal(encoder is T5TextEncoder t ? t.Tokenizer.EncodePieces(cleaned[b]).Count + 1 : -1, embedding.Mask[b].sum().item<long>());
    }

    [Fact]
    public void TruncationIsReportedAndLogged()
    {
        using var golden = GoldenData.Open(TestSupport.CaseName);
        var root = TestSupport.WriteModelFolder(golden);
        var logs = new CapturingLoggerProvider();
        var options = new T5Options { Path = Path.Combine(root, "text_encoder"), MaxLength = 8, CleanCaption = false };
        using var encoder = Create(options, logs);
        using var embedding = encoder.Encode(["a cat", "an old man standing next to the tall tower in the green field at sunset"]);
        Assert.Equal(new[] { 1 }, embedding.Truncated);
        Assert.Equal(8L, embedding.Mask[1].sum().item<long>());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("\"an old man standing next to the tall tow…\" is longer than", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("prompt 1", StringComparison.Ordinal));
    }

    [Fact]
    public void TokenizerPathOptionAndSameFolderLayoutAreUsed()
    {
        using var golden = GoldenData.Open(TestSupport.CaseName);
        var root = TestSupport.WriteModelFolder(golden);
        var encoderFolder = Path.Combine(root, "text_encoder");
        var moved = Path.Combine(root, "elsewhere.model");
        File.Move(Path.Combine(root, "tokenizer", "spiece.model"), moved);
        var missing = Assert.Throws<FileNotFoundException>(() => Create(new T5Options { Path = encoderFolder }));
        Assert.Contains(Path.Combine(root, "tokenizer", "spiece.model"), missing.Message);

        using (var explicitPath = Create(new T5Options { Path = encoderFolder, TokenizerPath = moved })) Assert.Equal(120, explicitPath.MaxLength);
        File.Copy(moved, Path.Combine(encoderFolder, "spiece.model"));
        using var sameFolder = Create(new T5Options { Path = encoderFolder });
        Assert.Equal(encoderFolder, Path.GetDirectoryName(((T5TextEncoder)sameFolder).Tokenizer.Model.Path));
    }

    [Fact]
    public void MissingFolderAndConfigAreNamed()
    {
        var root = TestSupport.TempFolder();
        var absent = Path.Combine(root, "nope");
        Assert.Contains(absent, Assert.Throws<DirectoryNotFoundException>(() => Create(new T5Options { Path = absent })).Message);
        var empty = Directory.CreateDirectory(Path.Combine(root, "text_encoder")).FullName;
        Assert.Contains(Path.Combine(empty, "config.json"), Assert.Throws<FileNotFoundException>(() => Create(new T5Options { Path = empty })).Message);
    }

    [Fact]
    public void PluginRegistersTheT5TextEncoder()
    {
        var plugin = new T5Plugin();
        var services = new ServiceCollection();
        var context = new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest);
        plugin.Register(context);
        var component = Assert.Single(context.Components);
        Assert.Equal(ComponentKind.TextEncoder, component.Kind);
        Assert.Equal("t5", component.TypeId);
        Assert.Equal(typeof(T5Options), component.OptionsType);
        Assert.IsType<T5TextEncoderFactory>(services.BuildServiceProvider().GetRequiredKeyedService<ITextEncoderFactory>("t5"));
    }

    [Fact]
    public void OptionsValidationNamesTheProperty()
    {
        var options = new T5Options { Path = " ", MaxLength = 1 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(T5Options.MaxLength)));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(T5Options.Path)));
    }

    private static ITextEncoder Create(T5Options options, ILoggerProvider? logs = null) =>
        new T5TextEncoderFactory().Create(new ComponentContext(options, RuntimeContext.Cpu(), "PixArt:TextEncoder", services: TestSupport.Services(logs)));
}
