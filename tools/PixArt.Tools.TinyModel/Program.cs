using PixArt.Nn.Runtime;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Weights;
using PixArt.Nn.Weights;
using PixArt.Plugins.AdaLnSingle;
using PixArt.Plugins.CrossAttention;
using PixArt.Plugins.SdVae;
using PixArt.Plugins.SdVae.Modules;
using PixArt.Plugins.T5.Model;
using PixArt.Plugins.Transformer;
using TorchSharp;
using static TorchSharp.torch;

// Usage: dotnet run --project tools/PixArt.Tools.TinyModel -- [OUTPUT_FOLDER] [SEED]
// Writes model_index.json, scheduler/, tokenizer/, text_encoder/, transformer/ and vae/ with random weights.
var output = Path.GetFullPath(args.Length > 0 ? args[0] : "models/pixart-tiny-random");
var seed = args.Length > 1 ? long.Parse(args[1]) : 0;
LibTorchRuntime.EnsureInitialized();
torch.manual_seed(seed);
var store = new WeightStore();
var json = new JsonSerializerOptions { WriteIndented = true };
void WriteJson(string relative, object value)
{
    var path = Path.Combine(output, relative);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, JsonSerializer.Serialize(value, json) + "\n");
}

// Tokenizer: the SentencePiece unigram model trained (with T5's special-token layout) for the tokenizer tests.
var spiece = Path.Combine(AppContext.BaseDirectory, "spiece.model");
Directory.CreateDirectory(Path.Combine(output, "tokenizer"));
File.Copy(spiece, Path.Combine(output, "tokenizer", "spiece.model"), overwrite: true);

// Text encoder: T5 v1.1 layout, 2 layers, width 64, vocabulary of the tokenizer above.
var t5Config = new Dictionary<string, object>
{
    ["architectures"] = new[] { "T5EncoderModel" }, ["model_type"] = "t5", ["d_model"] = 64, ["d_kv"] = 16, ["d_ff"] = 128,
    ["num_layers"] = 2, ["num_heads"] = 4, ["relative_attention_num_buckets"] = 32, ["relative_attention_max_distance"] = 128,
    ["layer_norm_epsilon"] = 1e-6, ["feed_forward_proj"] = "gated-gelu", ["vocab_size"] = 512, ["dropout_rate"] = 0.0,
    ["pad_token_id"] = 0, ["eos_token_id"] = 1, ["is_gated_act"] = true, ["dense_act_fn"] = "gelu_new", ["tie_word_embeddings"] = false,
};
WriteJson("text_encoder/config.json", t5Config);
using (var t5 = new T5EncoderModel(T5Config.Load(Path.Combine(output, "text_encoder", "config.json")), ScalarType.Float32, CPU))
{
    ModuleWeights.InitializeRandomly(t5);
    store.Save(Path.Combine(output, "text_encoder", "model.safetensors"), ModuleWeights.Export(t5), new Dictionary<string, string> { ["format"] = "pt" });
}

// VAE: SD architecture with 4 levels (downsample 8) at small widths.
var vaeConfig = new Dictionary<string, object>
{
    ["_class_name"] = "AutoencoderKL", ["in_channels"] = 3, ["out_channels"] = 3, ["latent_channels"] = 4,
    ["down_block_types"] = Enumerable.Repeat("DownEncoderBlock2D", 4).ToArray(), ["up_block_types"] = Enumerable.Repeat("UpDecoderBlock2D", 4).ToArray(),
    ["block_out_channels"] = new[] { 16, 32, 32, 32 }, ["layers_per_block"] = 1, ["norm_num_groups"] = 8, ["act_fn"] = "silu",
    ["sample_size"] = 256, ["scaling_factor"] = 0.18215,
};
WriteJson("vae/config.json", vaeConfig);
using (var vae = new AutoencoderKl(VaeConfig.Load(Path.Combine(output, "vae", "config.json"))))
{
    ModuleWeights.InitializeRandomly(vae);
    store.Save(Path.Combine(output, "vae", "diffusion_pytorch_model.safetensors"), ModuleWeights.Export(vae), new Dictionary<string, string> { ["format"] = "pt" });
}

// Transformer: PixArt blocks at width 64, 2 layers, 256 px native (latent 32), captions from the encoder above.
var services = new ServiceCollection().AddSingleton<IWeightStore>(store).BuildServiceProvider();
var runtime = RuntimeContext.Cpu();
var children = new Dictionary<string, ResolvedComponent>
{
    [PixArtTransformerFactory.TimestepChild] = new(new AdaLnSingleFactory(), new ComponentContext(new AdaLnSingleOptions { MicroConditions = false }, runtime, services: services), "adaln-single"),
    [PixArtTransformerFactory.TextChild] = new(new CrossAttentionFactory(), new ComponentContext(new CrossAttentionOptions(), runtime, services: services), "cross-attention"),
};
var transformerOptions = new PixArtTransformerOptions
{
    HiddenSize = 64, Depth = 2, Heads = 4, PatchSize = 2, InChannels = 4, OutChannels = 8, SampleSize = 32, CaptionChannels = 64, CaptionTokens = 120,
};
using (var transformer = (PixArtTransformer)new PixArtTransformerFactory().Create(new ComponentContext(transformerOptions, runtime, services: services, children: children)))
{
    // PixArt's training initialisation zeroes the output and cross-attention projections, so such a model outputs 0 for
    // every prompt and no end-to-end test could see the encoder, the conditioning or guidance: every weight is random here.
    ModuleWeights.InitializeRandomly(transformer);
    PixArtCheckpoint.Save(transformer, store, Path.Combine(output, "transformer", "diffusion_pytorch_model.safetensors"), CheckpointLayout.Diffusers);
    File.WriteAllText(Path.Combine(output, "transformer", "config.json"), PixArtCheckpoint.DiffusersConfigJson(transformer) + "\n");
}

WriteJson("scheduler/scheduler_config.json", new Dictionary<string, object?>
{
    ["_class_name"] = "DPMSolverMultistepScheduler", ["algorithm_type"] = "dpmsolver++", ["beta_start"] = 0.0001, ["beta_end"] = 0.02,
    ["beta_schedule"] = "linear", ["num_train_timesteps"] = 1000, ["solver_order"] = 2, ["solver_type"] = "midpoint",
    ["prediction_type"] = "epsilon", ["lower_order_final"] = true, ["timestep_spacing"] = "linspace", ["steps_offset"] = 0,
});
WriteJson("model_index.json", new Dictionary<string, object>
{
    ["_class_name"] = "PixArtAlphaPipeline",
    ["scheduler"] = new[] { "diffusers", "DPMSolverMultistepScheduler" },
    ["text_encoder"] = new[] { "transformers", "T5EncoderModel" },
    ["tokenizer"] = new[] { "transformers", "T5Tokenizer" },
    ["transformer"] = new[] { "diffusers", "PixArtTransformer2DModel" },
    ["vae"] = new[] { "diffusers", "AutoencoderKL" },
});
File.WriteAllText(Path.Combine(output, "README.md"),
    "# pixart-tiny-random\n\nThe embedded default model of PixArt.Framework: a tiny PixArt-α pipeline (T5-style encoder of width 64, " +
    "2-layer transformer of width 64 at 256 px, small SD-style VAE) with **random weights — its images are noise**. It lets " +
    "`pixart generate` run end to end anywhere. Every weight is random (none zero-initialised), so the prompt, the negative " +
    "prompt and the guidance scale change the image. Regenerate with `dotnet run --project tools/PixArt.Tools.TinyModel -- models/pixart-tiny-random 0`.\n");
Console.WriteLine($"wrote {output}");
