using System.Text.Json.Nodes;

namespace PixArt.Cli.Tests.Battery;

/// <summary>
/// The battery of bad inputs (issue 9, acceptance): every case runs through the real CLI and must end in one clean line
/// naming the flag, key or file and what is allowed, exit code 2, no native frames, nothing left on disk and bounded
/// memory. Grouped by kind; each case's name is its minimal input.
/// </summary>
internal static class BadInputs
{
    private const string Png = "{out}";

    /// <summary><c>pixart generate -p x --out {out}</c> plus <paramref name="extra"/>.</summary>
    private static string[] Generate(params string[] extra) => ["generate", "-p", "x", "--out", Png, .. extra];

    /// <summary>Generate with the case's copy of the embedded model (<paramref name="setup"/> breaks it).</summary>
    private static BadInput Model(string kind, string input, Action<CaseFolder> setup, string[] expected, bool subprocess = false, params string[] extra) =>
        new(kind, input, ["generate", "--model", "{model}", "-p", "x", "--out", Png, .. extra], expected, f => { f.WithModel(); setup(f); }, subprocess);

    public static readonly IReadOnlyList<BadInput> All = Build();

    public static IEnumerable<object[]> OfKind(string kind, bool subprocess = false) =>
        All.Where(c => c.Kind == kind && c.Subprocess == subprocess).Select(c => new object[] { c.Input });

    public static BadInput Find(string kind, string input) => All.Single(c => c.Kind == kind && c.Input == input);

    private static List<BadInput> Build()
    {
        var cases = new List<BadInput>();
        void Add(string kind, string input, string[] args, params string[] expected) => cases.Add(new(kind, input, args, expected));

        // Values of flags: the flag, the value and the form or range allowed; no .NET type names.
        const string flags = "flags";
        Add(flags, "--steps 1e6", Generate("--steps", "1e6"), "--steps = '1e6': must be a whole number (e.g. 20)");
        Add(flags, "--steps abc", Generate("--steps", "abc"), "--steps = 'abc': must be a whole number");
        Add(flags, "--steps 1.5", Generate("--steps", "1.5"), "--steps = '1.5': must be a whole number");
        Add(flags, "--steps 99999999999", Generate("--steps", "99999999999"), "--steps = '99999999999': too large; must be a whole number up to 2147483647");
        Add(flags, "--steps 0", Generate("--steps", "0"), "--steps = '0': must be between 1 and 100000");
        Add(flags, "--steps -3", Generate("--steps", "-3"), "--steps = '-3': must be between 1 and 100000");
        Add(flags, "--steps 5000", Generate("--steps", "5000"), "--steps = '5000': must be at most TrainTimesteps (1000)");
        Add(flags, "--steps (no value)", Generate("--steps"), "--steps needs a value: inference steps");
        Add(flags, "--seed abc", Generate("--seed", "abc"), "--seed = 'abc': must be a whole number (e.g. 1)");
        Add(flags, "--seed -1", Generate("--seed", "-1"), "--seed = '-1': must be between 0 and");
        Add(flags, "--seed 1.5", Generate("--seed", "1.5"), "--seed = '1.5': must be a whole number");
        Add(flags, "--seed 99999999999999999999", Generate("--seed", "99999999999999999999"), "--seed = '99999999999999999999': too large");
        Add(flags, "--guidance inf", Generate("--guidance", "inf"), "--guidance = 'inf': must be a finite number (e.g. 4.5)");
        Add(flags, "--guidance Infinity", Generate("--guidance", "Infinity"), "--guidance = 'Infinity': must be a finite number");
        Add(flags, "--guidance NaN", Generate("--guidance", "NaN"), "--guidance = 'NaN': must be a finite number");
        Add(flags, "--guidance abc", Generate("--guidance", "abc"), "--guidance = 'abc': must be a finite number");
        Add(flags, "--guidance -1", Generate("--guidance", "-1"), "--guidance = '-1': must be between 0 and 100");
        Add(flags, "--guidance 1000", Generate("--guidance", "1000"), "--guidance = '1000': must be between 0 and 100");
        Add(flags, "--width 30", Generate("--width", "30"), "--width = '30': must be 0 (native, 256) or a multiple of 16");
        Add(flags, "--width -16", Generate("--width", "-16"), "--width = '-16': must be 0 (native, 256) or a multiple of 16");
        Add(flags, "--width 8208", Generate("--width", "8208"), "--width = '8208': must be 0 (native, 256) or a multiple of 16 (codec downsample 8 × patch 2) up to 8192");
        Add(flags, "--height abc", Generate("--height", "abc"), "--height = 'abc': must be a whole number");
        Add(flags, "--height 7", Generate("--height", "7"), "--height = '7': must be 0 (native, 256) or a multiple of 16");
        Add(flags, "--num-images 0", Generate("--num-images", "0"), "--num-images = '0': must be between 1 and 64");
        Add(flags, "--num-images 65", Generate("--num-images", "65"), "--num-images = '65': must be between 1 and 64");
        Add(flags, "-n abc", Generate("-n", "abc"), "--num-images = 'abc': must be a whole number");
        Add(flags, "33 prompts -n 2", ["generate", "--out", Png, "-n", "2", .. Enumerable.Range(0, 33).SelectMany(i => new[] { "-p", $"p{i}" })],
            "--num-images = '2': 33 prompts × 2 images is more than 64 images in one request");
        Add(flags, "--sampler euler", Generate("--sampler", "euler"), "--sampler = 'euler': unknown sampler; loaded: ddim, dpm-solver, iddpm, lcm, sa-solver");
        Add(flags, "--sampler ''", Generate("--sampler", ""), "--sampler = '': must name a sampler; loaded: ddim, dpm-solver, iddpm, lcm, sa-solver");
        Add(flags, "--sampler iddpm --steps 1", Generate("--sampler", "iddpm", "--steps", "1"), "--steps = '1': iddpm needs at least 2 steps");
        Add(flags, "--sampler iddpm --steps 7 (ddim respacing)", Generate("--sampler", "iddpm", "--steps", "7", "--set", "PixArt:Sampler:Respacing=ddim"),
            "PixArt:Sampler:Respacing = 'ddim': unknown key");
        Add(flags, "--sampler lcm --steps 100", Generate("--sampler", "lcm", "--steps", "100"), "--steps = '100': must be at most OriginalInferenceSteps (50)");
        Add(flags, "--device tpu", Generate("--device", "tpu"), "--device = 'tpu': allowed: cpu, cuda, cuda:N, auto");
        Add(flags, "--dtype float8", Generate("--dtype", "float8"), "--dtype = 'float8': allowed: auto, float32, bfloat16, float16");
        Add(flags, "--negative-prompt (no value)", Generate("--negative-prompt"), "--negative-prompt needs a value");

        // The command line's shape: missing, unknown and misplaced arguments.
        const string usage = "usage";
        Add(usage, "generate (no --prompt)", ["generate", "--out", Png], "--prompt is required: the text to generate an image from");
        Add(usage, "--sed 3", Generate("--sed", "3"), "unknown option '--sed' for 'pixart generate'; did you mean '--seed'?");
        Add(usage, "--stpes 3", Generate("--stpes", "3"), "unknown option '--stpes' for 'pixart generate'; did you mean '--steps'?");
        Add(usage, "--foo", Generate("--foo"), "unknown option '--foo' for 'pixart generate'", "see 'pixart generate --help'");
        Add(usage, "extra", Generate("extra"), "unexpected argument 'extra': 'pixart generate' takes no arguments");
        Add(usage, "-- --z", Generate("--", "--z"), "unexpected argument '--z': 'pixart generate' takes no arguments", "--prompt=-text");
        Add(usage, "genrate", ["genrate", "-p", "x"], $"unknown command 'genrate' for 'pixart'; allowed: {Commands()}; did you mean 'generate'?");
        Add(usage, "(no command)", [], $"pixart needs a command; allowed: {Commands()}");
        Add(usage, "plugins lst", ["plugins", "lst"], "unknown command 'lst' for 'pixart plugins'; allowed: list; did you mean 'list'?");
        Add(usage, "info (no image)", ["info"], "pixart info needs FILE: a PNG written by `pixart generate`, or a checkpoint");
        Add(usage, "convert (no --out)", ["convert", "--in", "{root}/x.pth"], "--out is required: where to write");
        Add(usage, "bench denoisr", ["bench", "denoisr"], $"unknown command 'denoisr' for 'pixart bench'; allowed: {Commands("bench")}; did you mean 'denoiser'?");

        // Configuration: --set, --config, environment-free keys; each problem names its key and what is allowed.
        const string configuration = "configuration";
        Add(configuration, "--set foo", Generate("--set", "foo"), "--set = 'foo': expected KEY=VALUE, e.g. PixArt:Sampler:Steps=30");
        Add(configuration, "--set =x", Generate("--set", "=x"), "--set = '=x': expected KEY=VALUE");
        Add(configuration, "--set PixArt:Sampler:Steps=abc", Generate("--set", "PixArt:Sampler:Steps=abc"), "PixArt:Sampler:Steps = 'abc': must be a whole number");
        Add(configuration, "--set PixArt:Sampler:Stepz=3", Generate("--set", "PixArt:Sampler:Stepz=3"), "PixArt:Sampler:Stepz = '3': unknown key; allowed:", "Steps");
        Add(configuration, "--set PixArt:Foo:Bar=1", Generate("--set", "PixArt:Foo:Bar=1"), "PixArt:Foo: unknown section; allowed: Runtime, Plugins");
        Add(configuration, "--set PixArt:Runtime:Device=tpu", Generate("--set", "PixArt:Runtime:Device=tpu"), "PixArt:Runtime:Device = 'tpu': allowed: cpu, cuda, cuda:N, auto");
        Add(configuration, "--set PixArt:Runtime:Threads=-1", Generate("--set", "PixArt:Runtime:Threads=-1"), "PixArt:Runtime:Threads = '-1': must be between 0 and 1024");
        Add(configuration, "--set PixArt:Generation:Unconditional=maybe", Generate("--set", "PixArt:Generation:Unconditional=maybe"),
            "PixArt:Generation:Unconditional = 'maybe': allowed: auto, learned-null, negative-prompt");
        Add(configuration, "--set PixArt:Generation:Unconditional=learned-null", Generate("--set", "PixArt:Generation:Unconditional=learned-null"),
            "PixArt:Generation:Unconditional = 'learned-null': the model carries no learned null caption");
        Add(configuration, "--set PixArt:Generation:NumImages=0", Generate("--set", "PixArt:Generation:NumImages=0"), "PixArt:Generation:NumImages = '0': must be between 1 and 64");
        Add(configuration, "--set PixArt:Generation:Overwrite=maybe", Generate("--set", "PixArt:Generation:Overwrite=maybe"), "PixArt:Generation:Overwrite = 'maybe': must be true or false");
        Add(configuration, "--set PixArt:Sampler:GuidanceScale=lots", Generate("--set", "PixArt:Sampler:GuidanceScale=lots"), "PixArt:Sampler:GuidanceScale = 'lots': must be a number");
        Add(configuration, "--set PixArt:Sampler:BetaSchedule=cosine", Generate("--set", "PixArt:Sampler:BetaSchedule=cosine"), "PixArt:Sampler:BetaSchedule = 'cosine': allowed: linear, scaled_linear");
        Add(configuration, "--set PixArt:Sampler:BetaStart=0.5", Generate("--set", "PixArt:Sampler:BetaStart=0.5"), "PixArt:Sampler:BetaStart = '0.5': must be below BetaEnd (0.02)");
        Add(configuration, "--set PixArt:Sampler:Type=euler", Generate("--set", "PixArt:Sampler:Type=euler"), "PixArt:Sampler:Type = 'euler': unknown sampler; loaded:");
        Add(configuration, "--set PixArt:Sampler:TimestepSpacing=random", Generate("--set", "PixArt:Sampler:TimestepSpacing=random"), "PixArt:Sampler:TimestepSpacing = 'random': allowed: linspace, leading, trailing");
        Add(configuration, "--set PixArt:Sampler:SolverOrder=3", Generate("--set", "PixArt:Sampler:SolverOrder=3"), "PixArt:Sampler:SolverOrder = '3': must be between 1 and 2");
        Add(configuration, "--set PixArt:Denoiser:Depth=100000", Generate("--set", "PixArt:Denoiser:Depth=100000"), "PixArt:Denoiser:Depth = '100000': Depth must be between 1 and 1024");
        Add(configuration, "--set PixArt:Denoiser:WeightsLayout=pickle", Generate("--set", "PixArt:Denoiser:WeightsLayout=pickle"), "PixArt:Denoiser:WeightsLayout = 'pickle': WeightsLayout 'pickle' is unknown; allowed: auto, diffusers, official, native");
        Add(configuration, "--set PixArt:Denoiser:Weights=/nonexistent", Generate("--set", "PixArt:Denoiser:Weights={root}/nonexistent"), "PixArt:Denoiser:", "{root}/nonexistent: no such file or folder");
        Add(configuration, "--set PixArt:Codec:Path=/nonexistent", Generate("--set", "PixArt:Codec:Path={root}/nonexistent"), "PixArt:Codec:Path: '{root}/nonexistent' is neither a VAE folder nor a weight file");
        Add(configuration, "--set PixArt:TextEncoder:Path=/nonexistent", Generate("--set", "PixArt:TextEncoder:Path={root}/nonexistent"), "PixArt:TextEncoder:Path: T5 text_encoder folder '{root}/nonexistent' does not exist");
        Add(configuration, "--set PixArt:TextEncoder:MaxLength=1", Generate("--set", "PixArt:TextEncoder:MaxLength=1"), "PixArt:TextEncoder:MaxLength = '1': must be between 2 and 4096");
        Add(configuration, "--set PixArt:Codec:ScalingFactor=-1", Generate("--set", "PixArt:Codec:ScalingFactor=-1"), "PixArt:Codec:ScalingFactor = '-1': ScalingFactor must be a positive finite number");
        Add(configuration, "--config missing.json", Generate("--config", "{root}/missing.json"), "--config = '{root}/missing.json': file not found");
        cases.Add(new(configuration, "--config (not JSON)", Generate("--config", "{root}/bad.json"), ["--config = '{root}/bad.json': not valid JSON"],
            f => File.WriteAllText(f.Path("bad.json"), "{ \"PixArt\": ")));
        cases.Add(new(configuration, "--config with PixArt:Sampler:Type=foo", Generate("--config", "{root}/o.json"),
            ["PixArt:Sampler:Type = 'foo': unknown sampler; loaded: ddim, dpm-solver"],
            f => File.WriteAllText(f.Path("o.json"), "{ \"PixArt\": { \"Sampler\": { \"Type\": \"foo\" } } }")));
        cases.Add(new(configuration, "--config with Sampler:Steps=0", Generate("--config", "{root}/o.json"), ["PixArt:Sampler:Steps = '0': must be between 1 and 100000"],
            f => File.WriteAllText(f.Path("o.json"), "{ \"PixArt\": { \"Sampler\": { \"Steps\": 0 } } }")));

        // Model folders (--model): the folder, component or file named and what a pipeline folder holds.
        const string folders = "model folders";
        Add(folders, "--model /nonexistent", ["generate", "--model", "{root}/nope", "-p", "x", "--out", Png], "--model = '{root}/nope': model folder not found");
        cases.Add(new(folders, "--model (no model_index.json)", ["generate", "--model", "{root}/empty", "-p", "x", "--out", Png],
            ["--model = '{root}/empty': not a Hugging Face pipeline folder: model_index.json is missing"], f => Directory.CreateDirectory(f.Path("empty"))));
        cases.Add(Model(folders, "--model (vae/ missing)", f => Directory.Delete(Path.Combine(f.Model, "vae"), true), ["--model = '{model}/vae': component folder missing (model_index.json names 'vae')"]));
        cases.Add(Model(folders, "--model (model_index.json not JSON)", f => File.WriteAllText(Path.Combine(f.Model, "model_index.json"), "{"), ["--model = '{model}/model_index.json': not valid JSON"]));
        cases.Add(Model(folders, "--model (scheduler EulerDiscreteScheduler)", f => f.EditJson("scheduler/scheduler_config.json", "_class_name", "EulerDiscreteScheduler"),
            ["scheduler class 'EulerDiscreteScheduler' is not supported; supported: DPMSolverMultistepScheduler, DDIMScheduler, SASolverScheduler, LCMScheduler"]));
        cases.Add(Model(folders, "--model (scheduler_config.json not JSON)", f => File.WriteAllText(Path.Combine(f.Model, "scheduler", "scheduler_config.json"), "nope"),
            ["--model = '{model}/scheduler/scheduler_config.json': not valid JSON"]));
        cases.Add(Model(folders, "--model (scheduler_config.json missing)", f => File.Delete(Path.Combine(f.Model, "scheduler", "scheduler_config.json")),
            ["--model = '{model}/scheduler/scheduler_config.json': scheduler config missing"]));

        // Transformer config.json and weights: the file, the field and its range; dimensions against the checkpoint headers.
        const string transformer = "transformer files";
        cases.Add(Model(transformer, "num_layers: 1000000000", f => f.EditJson("transformer/config.json", "num_layers", 1_000_000_000),
            ["{model}/transformer/config.json: num_layers = 1000000000: must be between 1 and 1024 (the range of the Depth option)"]));
        cases.Add(Model(transformer, "num_layers: 1e9", f => f.EditJson("transformer/config.json", "num_layers", JsonNode.Parse("1e9")),
            ["config.json: num_layers = 1000000000: must be between 1 and 1024"]));
        cases.Add(Model(transformer, "num_layers: 28 (checkpoint has 2)", f => f.EditJson("transformer/config.json", "num_layers", 28),
            ["{model}/transformer/diffusion_pytorch_model.safetensors: the checkpoint has 2 transformer blocks but", "gives depth 28"]));
        cases.Add(Model(transformer, "attention_head_dim: 16384 (hidden 65536)", f => f.EditJson("transformer/config.json", "attention_head_dim", 16384),
            ["diffusion_pytorch_model.safetensors: the checkpoint does not match", "pos_embed.proj.weight is [64, 4, 2, 2], expected [65536, 4, 2, 2]"]));
        cases.Add(Model(transformer, "caption_channels: 1e12", f => f.EditJson("transformer/config.json", "caption_channels", JsonNode.Parse("1e12")),
            ["config.json: caption_channels = 1000000000000: must be between 1 and 65536"]));
        cases.Add(Model(transformer, "num_attention_heads: \"four\"", f => f.EditJson("transformer/config.json", "num_attention_heads", "four"),
            ["config.json: 'num_attention_heads' must be a whole number, got \"four\""]));
        cases.Add(Model(transformer, "interpolation_scale: -1", f => f.EditJson("transformer/config.json", "interpolation_scale", -1),
            ["config.json: interpolation_scale = -1: must be between"]));
        cases.Add(Model(transformer, "config.json not JSON", f => File.WriteAllText(Path.Combine(f.Model, "transformer", "config.json"), "{ nope"),
            ["{model}/transformer/config.json: not valid JSON"]));
        cases.Add(Model(transformer, "weights: empty file", f => File.WriteAllBytes(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"), []),
            ["diffusion_pytorch_model.safetensors: not a safetensors file (shorter than 8 bytes)"]));
        cases.Add(Model(transformer, "weights: header length 2^40", f => CraftedSafetensors.Write(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"), "{}", headerLength: 1L << 40),
            ["diffusion_pytorch_model.safetensors: not a safetensors file (header length 1099511627776 does not fit a file of"]));
        cases.Add(Model(transformer, "weights: shape [2^32, 2^32] at offsets [0, 0]", f => CraftedSafetensors.Write(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}"),
            ["diffusion_pytorch_model.safetensors: tensor 'w' has shape [4294967296, 4294967296], which is negative or too large to exist"]));
        cases.Add(Model(transformer, "weights: shape [-1]", f => CraftedSafetensors.Write(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}"),
            ["tensor 'w' has shape [-1], which is negative or too large to exist"]));
        cases.Add(Model(transformer, "weights: offsets past the end", f => CraftedSafetensors.Write(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1024],\"data_offsets\":[0,4096]}}"),
            ["tensor 'w' has data offsets [0, 4096] that do not fit its shape [1024] (Float32) or the file"]));
        cases.Add(Model(transformer, "weights: dtype F8", f => CraftedSafetensors.Write(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"),
                "{\"w\":{\"dtype\":\"F8\",\"shape\":[4],\"data_offsets\":[0,4]}}"),
            ["unsupported safetensors dtype 'F8'; supported: F64, F32"]));
        cases.Add(Model(transformer, "weights: a VAE file", f => File.Copy(Path.Combine(f.Model, "vae", "diffusion_pytorch_model.safetensors"), Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"), true),
            ["does not look like a PixArt transformer checkpoint (expected official keys such as x_embedder.proj.weight"]));
        Add(transformer, "--set PixArt:Denoiser:HiddenSize=65536", Generate("--set", "PixArt:Denoiser:HiddenSize=65536"),
            "the checkpoint does not match", "pos_embed.proj.weight is [64, 4, 2, 2], expected [65536, 4, 2, 2]");
        Add(transformer, "--set PixArt:Denoiser:WeightsLayout=official (diffusers file)", Generate("--set", "PixArt:Denoiser:WeightsLayout=official"),
            "diffusion_pytorch_model.safetensors: the checkpoint has 0 transformer blocks but");

        // T5 config.json: ranges, and dimensions against the checkpoint headers.
        const string t5 = "text encoder files";
        cases.Add(Model(t5, "d_model: 1e9", f => f.EditJson("text_encoder/config.json", "d_model", JsonNode.Parse("1e9")), ["{model}/text_encoder/config.json: d_model = 1000000000: must be between 1 and 65536"]));
        cases.Add(Model(t5, "d_model: 1000000000", f => f.EditJson("text_encoder/config.json", "d_model", 1_000_000_000), ["text_encoder/config.json: d_model = 1000000000: must be between 1 and 65536"]));
        cases.Add(Model(t5, "d_model: 4096 (checkpoint has 64)", f => f.EditJson("text_encoder/config.json", "d_model", 4096),
            ["{model}/text_encoder/model.safetensors: does not match its config:", "[512, 64], but {model}/text_encoder/config.json gives [512, 4096]"]));
        cases.Add(Model(t5, "num_layers: 100 (checkpoint has 2)", f => f.EditJson("text_encoder/config.json", "num_layers", 100), ["model.safetensors: holds 2 encoder blocks but", "gives num_layers 100"]));
        cases.Add(Model(t5, "vocab_size: 32128 (checkpoint has 512)", f => f.EditJson("text_encoder/config.json", "vocab_size", 32128), ["is [512, 64], but", "gives [32128, 64] (vocab_size, d_model)"]));
        cases.Add(Model(t5, "vocab_size: 1e12", f => f.EditJson("text_encoder/config.json", "vocab_size", JsonNode.Parse("1e12")), ["vocab_size = 1000000000000: must be between 1 and 1048576"]));
        cases.Add(Model(t5, "d_ff missing", f => f.EditJson("text_encoder/config.json", "d_ff", null), ["text_encoder/config.json: 'd_ff' must be a whole number between 1 and 262144"]));
        cases.Add(Model(t5, "feed_forward_proj: relu", f => f.EditJson("text_encoder/config.json", "feed_forward_proj", "relu"), ["feed_forward_proj 'relu' is not supported; this encoder implements T5 v1.1's 'gated-gelu'"]));
        cases.Add(Model(t5, "feed_forward_proj: 7", f => f.EditJson("text_encoder/config.json", "feed_forward_proj", 7), ["text_encoder/config.json: 'feed_forward_proj' must be a string"]));
        cases.Add(Model(t5, "config.json not JSON", f => File.WriteAllText(Path.Combine(f.Model, "text_encoder", "config.json"), "]"), ["{model}/text_encoder/config.json: malformed JSON"]));
        cases.Add(Model(t5, "tokenizer missing", f => File.Delete(Path.Combine(f.Model, "tokenizer", "spiece.model")), ["PixArt:TextEncoder:TokenizerPath: '{model}/tokenizer/spiece.model' does not exist (expected spiece.model or a folder holding it)"]));

        // VAE config.json: ranges and dimensions against the checkpoint headers.
        const string vae = "codec files";
        cases.Add(Model(vae, "block_out_channels: [1000000]", f => f.EditJson("vae/config.json", "block_out_channels", new JsonArray(1_000_000)),
            ["block_out_channels entry 1000000 must be at most 16384"]));
        cases.Add(Model(vae, "latent_channels: 1e9", f => f.EditJson("vae/config.json", "latent_channels", JsonNode.Parse("1e9")), ["{model}/vae/config.json: 'latent_channels' must be an integer (got 1e9)"]));
        cases.Add(Model(vae, "latent_channels: 100000", f => f.EditJson("vae/config.json", "latent_channels", 100000), ["latent_channels must be between 1 and 1024 (got 100000)"]));
        cases.Add(Model(vae, "layers_per_block: 2 (checkpoint has 1)", f => f.EditJson("vae/config.json", "layers_per_block", 2), ["vae/diffusion_pytorch_model.safetensors: holds 1 resnets per down block but", "gives layers_per_block 2"]));
        cases.Add(Model(vae, "block_out_channels: [32, 64, 64, 64] (checkpoint has 16, 32, 32, 32)", f => f.EditJson("vae/config.json", "block_out_channels", new JsonArray(32, 64, 64, 64)),
            ["vae/diffusion_pytorch_model.safetensors: does not match its config: encoder.conv_in.weight is [16, 3, 3, 3], but", "gives [32, 3, 3, 3]"]));
        cases.Add(Model(vae, "_class_name: VQModel", f => f.EditJson("vae/config.json", "_class_name", "VQModel"), ["vae/config.json: unsupported VAE config: _class_name is 'VQModel'; only AutoencoderKL is supported"]));
        cases.Add(Model(vae, "_class_name: 7", f => f.EditJson("vae/config.json", "_class_name", 7), ["vae/config.json: a field has the wrong type"]));
        cases.Add(Model(vae, "config.json not JSON", f => File.WriteAllText(Path.Combine(f.Model, "vae", "config.json"), "{\"a\":"), ["{model}/vae/config.json: not valid JSON"]));

        // PyTorch checkpoints (.pth): the file and the tensor, before any storage is read.
        const string pth = "pth checkpoints";
        void Pth(string input, Action<string> write, params string[] expected) =>
            cases.Add(new(pth, input, Generate("--set", "PixArt:Denoiser:Weights={root}/w.pth"), expected, f => write(f.Path("w.pth"))));
        Pth("storage claims 2^40 floats", p => CraftedPth.Write(p, [new("w", 1L << 40, [1L << 20, 1L << 20], [1L << 20, 1])]),
            "{root}/w.pth: tensor 'w': its storage '0' claims 1,099,511,627,776 elements of 4 bytes but the archive holds 16 bytes for it");
        Pth("shape [2^40] on 4 floats", p => CraftedPth.Write(p, [new("w", 4, [1L << 40], [1])]),
            "{root}/w.pth: tensor 'w': shape [1099511627776], offset 0, stride [1] reaches element 1,099,511,627,776 of its storage '0', which holds 4");
        Pth("view past the storage (offset 3, shape [2])", p => CraftedPth.Write(p, [new("w", 4, [2], [1], Offset: 3)]),
            "tensor 'w': shape [2], offset 3, stride [1] reaches element 5 of its storage '0', which holds 4");
        Pth("negative stride", p => CraftedPth.Write(p, [new("w", 4, [2], [-1])]), "tensor 'w': shape [2], offset 0, stride [-1]: negative offset, size or stride");
        Pth("stride overflow", p => CraftedPth.Write(p, [new("w", 4, [3, 3], [long.MaxValue / 2, 1])]), "tensor 'w':", "reaches element beyond 2^63 of its storage '0'");
        Pth("storage missing from the archive", p => CraftedPth.Write(p, [new("w", 4, [4], [1])], includeStorages: false),
            "tensor 'w': its storage '0' is named by the pickle but not in the archive (data/0)");
        Pth("ComplexFloatStorage", p => CraftedPth.Write(p, [new("w", 2, [2], [1], Storage: "ComplexFloatStorage")]),
            "{root}/w.pth: storage '0' has type 'ComplexFloatStorage', which is not supported; supported: DoubleStorage, FloatStorage");
        Pth("legacy (non-zip) file", CraftedPth.WriteLegacy, "{root}/w.pth: a PyTorch file in the legacy (pre-1.6, non-zip) format, which is not supported");
        Pth("random bytes", p => File.WriteAllBytes(p, Enumerable.Range(0, 697).Select(i => (byte)(i * 31)).ToArray()), "{root}/w.pth: not a PyTorch checkpoint (a torch.save zip archive was expected)");
        Pth("zip without data.pkl", p => { using var zip = System.IO.Compression.ZipFile.Open(p, System.IO.Compression.ZipArchiveMode.Create); zip.CreateEntry("archive/version"); },
            "{root}/w.pth: not a PyTorch checkpoint (no data.pkl in the archive)");
        Pth("root is a list", p => CraftedPth.Write(p, [], rootOverride: "]"), "{root}/w.pth: holds a list, not a state dict");
        Pth("nn.Parameter (a whole pickled model)", p => CraftedPth.Write(p, [], rootOverride: "ctorch._utils\n_rebuild_parameter\n(K\u0001tR"),
            "{root}/w.pth: not a readable PyTorch checkpoint (holds nn.Parameter objects (a whole pickled model), not a state dict; save model.state_dict() instead)");
        Pth("a numpy scalar", p => CraftedPth.Write(p, [], rootOverride: "}(X\u0001\u0000\u0000\u0000acnumpy.core.multiarray\nscalar\n(K\u0001tRu"),
            "{root}/w.pth: not a readable PyTorch checkpoint (it holds a Python object of class 'numpy.core.multiarray.scalar', which cannot be read without Python");
        Pth("no tensors", p => CraftedPth.Write(p, [], rootOverride: "}"), "{root}/w.pth: no tensors found (expected a state dict, or a dict with one under 'state_dict')");
        Pth("a tensor of another model", p => CraftedPth.Write(p, [new("w", 4, [4], [1])]), "{root}/w.pth: does not look like a PixArt transformer checkpoint");

        // Output: refused before any work, naming the flag or key and the rule (docs/cli.md).
        const string output = "output";
        Add(output, "--out picture.jpg", ["generate", "-p", "x", "--out", "{root}/picture.jpg"], "--out = '{root}/picture.jpg': images are written as PNG: name a .png file, an existing folder, or a folder ending in '/'");
        Add(output, "--out results (no such folder)", ["generate", "-p", "x", "--out", "{root}/results"], "--out = '{root}/results': images are written as PNG", "a folder is never made from a file name");
        Add(output, "--out /dev/full", ["generate", "-p", "x", "--out", "/dev/full"], "--out = '/dev/full': images are written as PNG");
        cases.Add(new(output, "--out existing.png", ["generate", "-p", "x", "--out", "{out}"], ["--out = '{out}': '{out}' already exists; replacing it needs --overwrite"],
            f => File.WriteAllText(f.Out, "keep me")));
        cases.Add(new(output, "-n 2 --out a.png (a-7.png exists)", ["generate", "-p", "x", "-n", "2", "--seed", "7", "--out", "{root}/a.png"],
            ["--out = '{root}/a.png': '{root}/a-7.png' already exists; replacing it needs --overwrite"], f => File.WriteAllText(f.Path("a-7.png"), "keep me")));
        cases.Add(new(output, "--out dir/ (dir/pixart-3.png is a folder)", ["generate", "-p", "x", "--seed", "3", "--out", "{root}/dir/", "--overwrite"],
            ["--out = '{root}/dir/': '{root}/dir/pixart-3.png' is a folder, but an image file is to be written there"], f => Directory.CreateDirectory(f.Path("dir/pixart-3.png"))));
        cases.Add(new(output, "--out fifo.png --overwrite (a pipe)", ["generate", "-p", "x", "--out", "{root}/fifo.png", "--overwrite"],
            ["--out = '{root}/fifo.png': '{root}/fifo.png' is not a regular file (a device, pipe or socket)"], f => MakeFifo(f.Path("fifo.png"))));
        cases.Add(new(output, "--out file.txt/x.png (file.txt is a file)", ["generate", "-p", "x", "--out", "{root}/file.txt/x.png"],
            ["--out = '{root}/file.txt/x.png': '{root}/file.txt' is a file, not a folder"], f => File.WriteAllText(f.Path("file.txt"), "x")));
        Add(output, "--out /proc/x.png (not writable)", ["generate", "-p", "x", "--out", "/proc/x.png"], "--out = '/proc/x.png': cannot write in '/proc'");
        Add(output, "--set PixArt:Generation:Output=x.jpg", ["generate", "-p", "x", "--set", "PixArt:Generation:Output={root}/x.jpg"],
            "PixArt:Generation:Output = '{root}/x.jpg': images are written as PNG");
        Add(output, "--set PixArt:Generation:Output= (empty)", ["generate", "-p", "x", "--set", "PixArt:Generation:Output="], "PixArt:Generation:Output", "must name a .png file or a folder");

        // What a request may cost: refused before any work with the estimate and what is available.
        const string limits = "request limits";
        Add(limits, "--width 8192 --height 8192 -n 64", Generate("--width", "8192", "--height", "8192", "-n", "64"), "8192x8192", "GiB at its peak", "available");

        // convert: the input file, the layout and the flags.
        const string convert = "convert";
        Add(convert, "convert --in missing.pth", ["convert", "--in", "{root}/missing.pth", "--out", "{root}/c"], "{root}/missing.pth: no such file or folder");
        cases.Add(new(convert, "convert --in w.pth (storage claims 2^40)", ["convert", "--in", "{root}/w.pth", "--out", "{root}/c"],
            ["{root}/w.pth: tensor 'w': its storage '0' claims 1,099,511,627,776 elements"], f => CraftedPth.Write(f.Path("w.pth"), [new("w", 1L << 40, [1L << 20, 1L << 20], [1L << 20, 1])])));
        cases.Add(new(convert, "convert --in legacy.pth", ["convert", "--in", "{root}/w.pth", "--out", "{root}/c"], ["legacy (pre-1.6, non-zip) format"], f => CraftedPth.WriteLegacy(f.Path("w.pth"))));
        Add(convert, "convert --layout foo", ["convert", "--in", "{root}/w.pth", "--out", "{root}/c", "--layout", "foo"], "--layout = 'foo': allowed: diffusers, official, native");

        // info: the file and what it must be; text from the file is never printed raw (see PromptTextTests).
        const string info = "info";
        Add(info, "info missing.png", ["info", "{root}/missing.png"], "{root}/missing.png: file not found");
        cases.Add(new(info, "info notes.txt", ["info", "{root}/notes.txt"], ["{root}/notes.txt: not a PNG image"], f => File.WriteAllText(f.Path("notes.txt"), "hello")));
        Add(info, "info /dev/full", ["info", "/dev/full"], "/dev/full: not a regular file (a device or pipe); expected a PNG file");
        Add(info, "info (a folder without a checkpoint)", ["info", "{root}"], "{root}: no single checkpoint found");
        cases.Add(new(info, "info truncated.png", ["info", "{root}/t.png"], ["{root}/t.png: not a readable PNG image"],
            f => File.WriteAllBytes(f.Path("t.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0])));

        // bench: sizes and counts are checked before the host starts.
        const string bench = "bench";
        Add(bench, "bench denoiser --size 0", ["bench", "denoiser", "--size", "0"], "--size = '0': must be a multiple of 16 between 16 and 8192");
        Add(bench, "bench denoiser --size 17", ["bench", "denoiser", "--size", "17"], "--size = '17': must be a multiple of 16 between 16 and 8192");
        Add(bench, "bench denoiser --iterations 0", ["bench", "denoiser", "--iterations", "0"], "--iterations = '0': must be between 1 and 10000");
        Add(bench, "bench denoiser --warmup -1", ["bench", "denoiser", "--warmup", "-1"], "--warmup = '-1': must be between 0 and 1000");
        Add(bench, "bench denoiser --batch 0", ["bench", "denoiser", "--batch", "0"], "--batch = '0': must be between 1 and 64");
        Add(bench, "bench denoiser --tokens 0", ["bench", "denoiser", "--tokens", "0"], "--tokens = '0': must be between 1 and 4096");
        Add(bench, "bench denoiser --preset XL-3", ["bench", "denoiser", "--preset", "XL-3"], "--preset = 'XL-3': allowed: XL-2-256, XL-2-512, XL-2-1024-MS");
        Add(bench, "bench generate --iterations 0", ["bench", "generate", "--iterations", "0"], "--iterations = '0': must be between 1 and 10000");
        Add(bench, "bench generate --iterations abc", ["bench", "generate", "--iterations", "abc"], "--iterations = 'abc': must be a whole number");
        Add(bench, "bench generate --size 30", ["bench", "generate", "--size", "30", "--warmup", "0", "--iterations", "1"], "--size = '30': must be 0 (native, 256) or a multiple of 16");
        Add(bench, "bench denoiser --set PixArt:Denoiser:HiddenSize=65536 (XL, 28 layers)", ["bench", "denoiser", "--set", "PixArt:Denoiser:HiddenSize=65536"],
            "PixArt:Denoiser: the model needs about", "GiB for its weights alone", "available; the denoiser is the largest part");
        Add(bench, "bench matmul --size 63", ["bench", "matmul", "--size", "63"], "--size = '63': must be between 64 and 16384");
        Add(bench, "bench generate --steps 0", ["bench", "generate", "--steps", "0", "--warmup", "0", "--iterations", "1"], "--steps = '0': must be between 1 and 100000");

        // In a separate process under a 6 GB address-space limit: the inputs that allocated until killed or crashed in libtorch.
        const string native = "native";
        cases.Add(new(native, "w.pth storage claims 2^40 floats", Generate("--set", "PixArt:Denoiser:Weights={root}/w.pth"), ["{root}/w.pth: tensor 'w': its storage '0' claims 1,099,511,627,776 elements"],
            f => CraftedPth.Write(f.Path("w.pth"), [new("w", 1L << 40, [1L << 20, 1L << 20], [1L << 20, 1])]), Subprocess: true));
        cases.Add(Model(native, "num_layers: 1000000000", f => f.EditJson("transformer/config.json", "num_layers", 1_000_000_000), ["num_layers = 1000000000: must be between 1 and 1024"], subprocess: true));
        cases.Add(Model(native, "attention_head_dim: 16384 (hidden 65536 × 2 layers)", f => f.EditJson("transformer/config.json", "attention_head_dim", 16384), ["expected [65536, 4, 2, 2]"], subprocess: true));
        cases.Add(Model(native, "d_model: 1000000000", f => f.EditJson("text_encoder/config.json", "d_model", 1_000_000_000), ["d_model = 1000000000: must be between 1 and 65536"], subprocess: true));
        cases.Add(Model(native, "safetensors shape [2^32, 2^32]", f => CraftedSafetensors.Write(Path.Combine(f.Model, "transformer", "diffusion_pytorch_model.safetensors"),
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}"), ["which is negative or too large to exist"], subprocess: true));
        cases.Add(new(native, "bench denoiser --set PixArt:Denoiser:HiddenSize=65536 (XL, 28 layers)", ["bench", "denoiser", "--set", "PixArt:Denoiser:HiddenSize=65536"],
            ["PixArt:Denoiser: the model needs about"], Subprocess: true));
        cases.Add(new(native, "--width 8192 --height 8192 -n 64", Generate("--width", "8192", "--height", "8192", "-n", "64"), ["GiB at its peak"], Subprocess: true));
        return cases;
    }

    private static void MakeFifo(string path)
    {
        using var process = System.Diagnostics.Process.Start("mkfifo", [path]);
        process.WaitForExit();
    }

    // The command tree's own names: the message must list every command there is, in order.
    private static string Commands(string? parent = null)
    {
        var command = CliApplication.Create();
        if (parent is not null) command = command.Subcommands.Single(c => c.Name == parent);
        return string.Join(", ", command.Subcommands.Select(c => c.Name));
    }
}
