using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Sampling;
using PixArt.Diffusion;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Model;
using PixArt.Hosting.Runtime;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp;
using static TorchSharp.torch;

namespace PixArt.Training.Tests;

/// <summary>
/// A trained model folder loaded as <c>pixart generate</c> loads it, asked how well it predicts the noise of its training
/// images: the ε-MSE of x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε at fixed t (the training objective, reference 3.3). A from-scratch model
/// (zeroed final layer) predicts ε̂ = 0 and scores 1.
/// </summary>
internal sealed class ModelProbe : IDisposable
{
    private readonly IHost _host;

    public ModelProbe(string modelFolder)
    {
        var settings = ModelFolder.Read(modelFolder).ToDictionary(k => k.Key, k => k.Value);
        settings["PixArt:Runtime:Device"] = "cpu";
        settings["PixArt:Runtime:DType"] = "float32";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(AutoDTypePolicy.Reproducible); // as the training and eval commands: float32 on every CPU
        builder.Services.AddPixArt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), modelFolder);
        _host = builder.Build();
        _host.Start();
        Model = _host.Services.GetRequiredService<PixArtModel>();
    }

    public PixArtModel Model { get; }

    /// <summary>
    /// Mean ε-MSE over the first <paramref name="count"/> images of an image-folder data set (resized to
    /// <paramref name="side"/> px, captioned as in its captions.jsonl) at each of <paramref name="timesteps"/>.
    /// </summary>
    public double EpsilonError(string dataset, int count, int side, IReadOnlyList<int> timesteps, long seed = 0)
    {
        var entries = File.ReadLines(Path.Combine(dataset, "captions.jsonl")).Take(count).Select(l => JsonNode.Parse(l)!).ToList();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x0 = stack(entries.Select(e => Pixels(Path.Combine(dataset, e["file"]!.GetValue<string>()), side)).ToArray());
        var embedding = Model.TextEncoder!.Encode(entries.Select(e => e["caption"]!.GetValue<string>()).ToList());
        var condition = new ConditionInput { Caption = embedding.Tokens, CaptionMask = embedding.Mask };
        var diffusion = GaussianDiffusion.FromSchedule(new NoiseSchedule());
        var generator = new Generator((ulong)seed, CPU);
        var total = 0.0;
        foreach (var t in timesteps)
        {
            var noise = randn(x0.shape, generator: generator);
            var steps = full(x0.shape[0], (long)t, ScalarType.Int64);
            var output = Model.Denoiser.Forward(diffusion.QSample(x0, steps, noise), steps.to(ScalarType.Float32), condition);
            total += (output.narrow(1, 0, x0.shape[1]) - noise).pow(2).mean().item<float>();
        }
        return total / timesteps.Count;
    }

    // [3, side, side] in [-1, 1], transparent pixels over white (as the data set is read for training).
    private static Tensor Pixels(string file, int side)
    {
        using var image = Image.Load<Rgba32>(file);
        image.Mutate(m => m.BackgroundColor(Color.White).Resize(side, side));
        var data = new float[3 * side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var p = image[x, y];
                data[y * side + x] = p.R / 127.5f - 1;
                data[(side + y) * side + x] = p.G / 127.5f - 1;
                data[(2 * side + y) * side + x] = p.B / 127.5f - 1;
            }
        return tensor(data).view(3, side, side);
    }

    public void Dispose()
    {
        _host.Dispose();
    }
}
