using System.Text.Json;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// A Hugging Face-layout PixArt pipeline folder built in a temporary directory from the reference tiny weights
/// (transformer_tiny, vae_tiny), a small random T5 of the transformer's caption width, the tokenizer trained for the T5
/// tests, a DPM-Solver scheduler config and model_index.json.
/// </summary>
internal sealed class TinyModelFolder : IDisposable
{
    /// <param name="multiScale">Use the multi-scale transformer (micro-conditions, aspect-ratio binning) of transformer_tiny_ms.</param>
    public TinyModelFolder(bool multiScale = false)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pixart-tiny-" + Guid.NewGuid().ToString("N"));
        using (var transformer = GoldenData.Open(multiScale ? "transformer_tiny_ms" : "transformer_tiny"))
        {
            WriteComponent("transformer", "diffusion_pytorch_model.safetensors", transformer, "weights.", transformer.Get("config").GetRawText());
            CaptionChannels = transformer.Get("config").GetProperty("caption_channels").GetInt32();
            SampleSize = transformer.Get("config").GetProperty("sample_size").GetInt32();
        }
        using (var vae = GoldenData.Open("vae_tiny"))
        {
            WriteComponent("vae", "diffusion_pytorch_model.safetensors", vae, "weights.", vae.Get("config").GetRawText());
            DownsampleFactor = 1 << (vae.Get("config").GetProperty("block_out_channels").GetArrayLength() - 1);
        }
        WriteT5(CaptionChannels);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "tokenizer"));
        File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "spiece.model"), System.IO.Path.Combine(Path, "tokenizer", "spiece.model"));
        WriteJson("scheduler/scheduler_config.json", new Dictionary<string, object>
        {
            ["_class_name"] = "DPMSolverMultistepScheduler", ["beta_start"] = 0.0001, ["beta_end"] = 0.02, ["beta_schedule"] = "linear",
            ["num_train_timesteps"] = 1000, ["solver_order"] = 2, ["algorithm_type"] = "dpmsolver++",
        });
        WriteJson("model_index.json", new Dictionary<string, object>
        {
            ["_class_name"] = "PixArtAlphaPipeline", ["scheduler"] = new[] { "diffusers", "DPMSolverMultistepScheduler" },
            ["text_encoder"] = new[] { "transformers", "T5EncoderModel" }, ["tokenizer"] = new[] { "transformers", "T5Tokenizer" },
            ["transformer"] = new[] { "diffusers", "Transformer2DModel" }, ["vae"] = new[] { "diffusers", "AutoencoderKL" },
        });
    }

    public string Path { get; }
    public int CaptionChannels { get; }
    public int SampleSize { get; }
    public int DownsampleFactor { get; }
    public int NativeSize => SampleSize * DownsampleFactor;

    private void WriteComponent(string name, string file, GoldenCase source, string prefix, string configJson)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        var tensors = source.KeysWithPrefix(prefix).ToDictionary(k => k, k => source.Tensor(prefix + k));
        try
        {
            SafetensorsWriter.Write(System.IO.Path.Combine(folder, file), tensors);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        File.WriteAllText(System.IO.Path.Combine(folder, "config.json"), configJson);
    }

    /// <summary>A one-layer T5 v1.1 encoder in the Hugging Face key layout, random weights of width <paramref name="width"/>.</summary>
    private void WriteT5(int width)
    {
        const int heads = 4, ff = 64, vocab = 512;
        WriteJson("text_encoder/config.json", new Dictionary<string, object>
        {
            ["model_type"] = "t5", ["d_model"] = width, ["d_kv"] = width / heads, ["d_ff"] = ff, ["num_layers"] = 1, ["num_heads"] = heads,
            ["relative_attention_num_buckets"] = 32, ["relative_attention_max_distance"] = 128, ["layer_norm_epsilon"] = 1e-6,
            ["feed_forward_proj"] = "gated-gelu", ["vocab_size"] = vocab,
        });
        var generator = new TorchSharp.torch.Generator(7);
        Tensor R(params long[] shape) => randn(shape, generator: generator).div(Math.Sqrt(shape[^1]));
        var prefix = "encoder.block.0.layer.";
        var tensors = new Dictionary<string, Tensor>
        {
            ["shared.weight"] = R(vocab, width),
            [prefix + "0.SelfAttention.q.weight"] = R(width, width),
            [prefix + "0.SelfAttention.k.weight"] = R(width, width),
            [prefix + "0.SelfAttention.v.weight"] = R(width, width),
            [prefix + "0.SelfAttention.o.weight"] = R(width, width),
            [prefix + "0.SelfAttention.relative_attention_bias.weight"] = R(32, heads),
            [prefix + "0.layer_norm.weight"] = ones(width),
            [prefix + "1.DenseReluDense.wi_0.weight"] = R(ff, width),
            [prefix + "1.DenseReluDense.wi_1.weight"] = R(ff, width),
            [prefix + "1.DenseReluDense.wo.weight"] = R(width, ff),
            [prefix + "1.layer_norm.weight"] = ones(width),
            ["encoder.final_layer_norm.weight"] = ones(width),
        };
        SafetensorsWriter.Write(System.IO.Path.Combine(Path, "text_encoder", "model.safetensors"), tensors);
        foreach (var t in tensors.Values) t.Dispose();
    }

    private void WriteJson(string relative, object value)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(value));
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, true); }
        catch (IOException) { }
    }
}
