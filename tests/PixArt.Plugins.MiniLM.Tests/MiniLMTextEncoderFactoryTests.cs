using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Text;

namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>The <c>minilm</c> component: options, the Hugging Face folder loader (fed the embedded files), errors naming their key.</summary>
[Collection(MiniLMCollection.Name)]
public sealed class MiniLMTextEncoderFactoryTests(MiniLMFixture fixture)
{
    private static readonly string[] Prompts = ["a smiling cat face", "red apple"];

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("onnx/model.onnx")]
    public void AHuggingFaceFolderGivesTheEmbeddedModelsEmbeddings(string onnxPath)
    {
        var folder = Fixtures.ModelFolder(onnxPath);
        using var encoder = MiniLMFixture.Create(new MiniLMOptions { Path = folder });
        AssertSameEmbeddings(fixture.Encoder, encoder);
    }

    [Fact]
    public void DescribeKnowsTheEncoderWithoutLoadingIt()
    {
        var factory = new MiniLMTextEncoderFactory();
        Abstractions.Runtime.ComponentContext Context(MiniLMOptions options) => new(options, Hosting.Runtime.RuntimeContext.Cpu(), "PixArt:TextEncoder");
        var embedded = factory.Describe(Context(new MiniLMOptions { MaxLength = 24 }));
        Assert.Equal((384, 24), (embedded.HiddenSize, embedded.MaxLength));
        Assert.Equal(fixture.Encoder.HiddenSize, embedded.HiddenSize);
        // The ONNX graph holds the float32 weights: the counted parameters are its size within 1 %.
        var onnxBytes = File.ReadAllBytes(Path.Combine(Fixtures.ModelFolder(), "model.onnx")).LongLength;
        Assert.InRange(embedded.ParameterCount * 4.0 / onnxBytes, 0.99, 1.01);
        // A folder without config.json is described from its graph.
        var folder = factory.Describe(Context(new MiniLMOptions { Path = Fixtures.ModelFolder() }));
        Assert.Equal(384, folder.HiddenSize);
        Assert.InRange(folder.ParameterCount * 4.0 / onnxBytes, 0.99, 1.01);
    }

    [Fact]
    public void RelativePathsResolveAgainstTheConfigurationFolder()
    {
        var folder = Fixtures.ModelFolder();
        using var encoder = MiniLMFixture.Create(new MiniLMOptions { Path = Path.GetFileName(folder) }, baseDirectory: Path.GetDirectoryName(folder));
        AssertSameEmbeddings(fixture.Encoder, encoder);
    }

    [Fact]
    public void TokenizerConfigDecidesLowerCasing()
    {
        var folder = Fixtures.ModelFolder();
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{ "tokenizer_class": "BertTokenizer", "do_lower_case": false }""");
        using var cased = MiniLMFixture.Create(new MiniLMOptions { Path = folder });
        Assert.False(cased.Tokenizer.Settings.LowerCase);
        Assert.False(cased.Tokenizer.Settings.StripAccents); // strip_accents unset follows do_lower_case, as in transformers
        Assert.NotEqual(cased.Tokenizer.EncodePieces("Cat"), cased.Tokenizer.EncodePieces("cat"));
        Assert.Equal(fixture.Encoder.Tokenizer.EncodePieces("Cat"), fixture.Encoder.Tokenizer.EncodePieces("cat"));

        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{ "do_lower_case": true, "strip_accents": false }""");
        using var accented = MiniLMFixture.Create(new MiniLMOptions { Path = folder });
        Assert.True(accented.Tokenizer.Settings.LowerCase);
        Assert.False(accented.Tokenizer.Settings.StripAccents);
    }

    [Fact]
    public void ANonBertTokenizerIsRejectedNamingTheKey()
    {
        var folder = Fixtures.ModelFolder();
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{ "tokenizer_class": "MPNetTokenizer" }""");
        var error = Assert.Throws<InvalidDataException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = folder }));
        Assert.Contains("PixArt:TextEncoder:Path", error.Message);
        Assert.Contains("MPNetTokenizer", error.Message);
        Assert.Contains("BertTokenizer", error.Message);
    }

    [Fact]
    public void MaxLengthBeyondTheModelsPositionsIsRejectedNamingTheKey()
    {
        var folder = Fixtures.ModelFolder();
        File.WriteAllText(Path.Combine(folder, "config.json"), """{ "hidden_size": 384, "max_position_embeddings": 16 }""");
        var error = Assert.Throws<InvalidOperationException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = folder, MaxLength = 32 }));
        Assert.Contains("PixArt:TextEncoder:MaxLength", error.Message);
        Assert.Contains("2–16", error.Message);
        using var fits = MiniLMFixture.Create(new MiniLMOptions { Path = folder, MaxLength = 16 });
        Assert.Equal(16, fits.MaxLength);
    }

    [Fact]
    public void MissingFolderAndFilesAreNamedWithTheKeyAndWhatIsAllowed()
    {
        var root = TestSupport.TempFolder();
        var absent = Path.Combine(root, "nope");
        var noFolder = Assert.Throws<DirectoryNotFoundException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = absent }));
        Assert.Contains("PixArt:TextEncoder:Path", noFolder.Message);
        Assert.Contains(absent, noFolder.Message);
        Assert.Contains("model.onnx", noFolder.Message);

        var empty = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName;
        var noOnnx = Assert.Throws<FileNotFoundException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = empty }));
        Assert.Contains("PixArt:TextEncoder:Path", noOnnx.Message);
        Assert.Contains("onnx/model.onnx", noOnnx.Message);

        var folder = Fixtures.ModelFolder();
        File.Delete(Path.Combine(folder, "vocab.txt"));
        var noVocab = Assert.Throws<FileNotFoundException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = folder }));
        Assert.Contains("PixArt:TextEncoder:Path", noVocab.Message);
        Assert.Contains("vocab.txt", noVocab.Message);
    }

    [Fact]
    public void AFileThatIsNotOnnxIsNamed()
    {
        var folder = Fixtures.ModelFolder();
        var onnx = Path.Combine(folder, "model.onnx");
        File.Delete(onnx);
        File.WriteAllText(onnx, "this is not an ONNX graph");
        var error = Assert.Throws<InvalidDataException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = folder }));
        Assert.Contains("PixArt:TextEncoder:Path", error.Message);
        Assert.Contains(onnx, error.Message);
    }

    [Fact]
    public void AVocabularyWithoutBertSpecialTokensIsNamed()
    {
        var folder = Fixtures.ModelFolder();
        File.Delete(Path.Combine(folder, "vocab.txt"));
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["<pad>", "hello", "world"]);
        var error = Assert.Throws<InvalidDataException>(() => MiniLMFixture.Create(new MiniLMOptions { Path = folder }));
        Assert.Contains("PixArt:TextEncoder:Path", error.Message);
        Assert.Contains("[CLS]", error.Message);
    }

    [Theory]
    [InlineData(1, null, nameof(MiniLMOptions.MaxLength))]
    [InlineData(513, null, nameof(MiniLMOptions.MaxLength))]
    [InlineData(32, " ", nameof(MiniLMOptions.Path))]
    public void OptionsValidationNamesThePropertyAndWhatIsAllowed(int maxLength, string? path, string member)
    {
        var options = new MiniLMOptions { MaxLength = maxLength, Path = path };
        var results = new List<ValidationResult>();
        // As the host does: attributes per property, then the cross-field rules.
        foreach (var property in typeof(MiniLMOptions).GetProperties())
            Validator.TryValidateProperty(property.GetValue(options), new ValidationContext(options) { MemberName = property.Name }, results);
        results.AddRange(options.Validate(new ValidationContext(options)));
        var result = Assert.Single(results, r => r.MemberNames.Contains(member));
        Assert.Contains(member == nameof(MiniLMOptions.MaxLength) ? "between 2 and 512" : "Hugging Face model folder", result.ErrorMessage);
    }

    [Fact]
    public void DefaultOptionsAreValid()
    {
        var options = new MiniLMOptions();
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), new List<ValidationResult>(), validateAllProperties: true));
        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.Null(options.Path);
        Assert.Equal(32, options.MaxLength);
    }

    [Fact]
    public void PluginRegistersTheMiniLMTextEncoder()
    {
        var plugin = new MiniLMPlugin();
        Assert.Equal("minilm", plugin.Manifest.Id);
        Assert.Equal(ContractVersion.Current, plugin.Manifest.ContractVersion);
        var services = new ServiceCollection();
        var context = new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest);
        plugin.Register(context);
        var component = Assert.Single(context.Components);
        Assert.Equal(ComponentKind.TextEncoder, component.Kind);
        Assert.Equal("minilm", component.TypeId);
        Assert.Equal(typeof(MiniLMOptions), component.OptionsType);
        Assert.IsType<MiniLMTextEncoderFactory>(services.BuildServiceProvider().GetRequiredKeyedService<ITextEncoderFactory>("minilm"));
    }

    private static void AssertSameEmbeddings(ITextEncoder expected, ITextEncoder actual)
    {
        using var a = expected.Encode(Prompts);
        using var b = actual.Encode(Prompts);
        Assert.True(a.Mask.eq(b.Mask).all().item<bool>());
        Assert.True(a.Tokens.eq(b.Tokens).all().item<bool>(), "the folder's model gives other embeddings than the embedded one");
    }
}
