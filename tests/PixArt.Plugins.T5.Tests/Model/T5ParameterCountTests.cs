using PixArt.Plugins.T5.Model;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Tests.Model;

/// <summary>The parameter count a T5 config describes (what <c>Describe</c> reports before loading) equals what the encoder allocates.</summary>
public sealed class T5ParameterCountTests
{
    [Theory]
    [InlineData(64, 16, 4, 128, 2, 512)]
    [InlineData(48, 8, 6, 96, 1, 300)]
    public void ConfigCountEqualsTheModule(int dModel, int dKv, int heads, int dFf, int layers, int vocab)
    {
        var config = new T5Config { DModel = dModel, DKv = dKv, NumHeads = heads, DFf = dFf, NumLayers = layers, VocabSize = vocab };
        using var model = new T5EncoderModel(config, ScalarType.Float32, CPU);
        Assert.Equal(model.parameters().Sum(p => p.numel()), config.ParameterCount);
    }
}
