using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Weights;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests.Support;

/// <summary>The <c>vae_tiny</c> reference case and helpers to turn it into codecs and folders.</summary>
internal static class VaeCase
{
    public const string Name = "vae_tiny";
    public const string WeightPrefix = "weights.";

    public static GoldenCase Open() => GoldenData.Open(Name);

    public static VaeConfig Config(GoldenCase golden) => VaeConfig.Parse(golden.Get("config"), $"{golden.Folder}/meta.json");

    /// <summary>The codec built straight from the case's config and weights (no factory, no files).</summary>
    public static SdVaeCodec Codec(GoldenCase golden, IRuntimeContext? runtime = null)
    {
        using var weights = new PrefixedWeightSource(golden.Data, WeightPrefix);
        return SdVaeCodec.Load(Config(golden), weights, runtime ?? RuntimeContext.Cpu());
    }

    /// <summary>Writes <c>config.json</c> (the case's config) and the case's weights, keys passed through <paramref name="rename"/>.</summary>
    public static void WriteFolder(GoldenCase golden, string folder, Func<string, string>? rename = null, string weightFile = "diffusion_pytorch_model.safetensors")
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), golden.Get("config").GetRawText());
        WriteWeights(golden, Path.Combine(folder, weightFile), rename);
    }

    public static void WriteWeights(GoldenCase golden, string file, Func<string, string>? rename = null)
    {
        using var scope = NewDisposeScope();
        var tensors = golden.KeysWithPrefix(WeightPrefix)
            .ToDictionary(k => rename is null ? k : rename(k), k => golden.Tensor(WeightPrefix + k), StringComparer.Ordinal);
        SafetensorsWriter.Write(file, tensors);
    }

    public static ComponentContext Context(object options, IRuntimeContext? runtime = null, string? baseDirectory = null) =>
        new(options, runtime ?? RuntimeContext.Cpu(), "PixArt:Codec",
            services: new ServiceCollection().AddSingleton<IWeightStore, WeightStore>().BuildServiceProvider(),
            baseDirectory: baseDirectory);

    public static ILatentCodec CreateThroughFactory(string path, double? scalingFactor = null, string? baseDirectory = null) =>
        new SdVaeFactory().Create(Context(new SdVaeOptions { Path = path, ScalingFactor = scalingFactor }, baseDirectory: baseDirectory));
}
