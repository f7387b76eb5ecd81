using System.Text.Json;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.SdVae;

/// <summary>
/// The architecture of a diffusers <c>AutoencoderKL</c>, read from its <c>config.json</c>. Absent fields take the
/// diffusers constructor defaults, as diffusers itself does when it loads a config.
/// </summary>
public sealed record VaeConfig
{
    /// <summary>Image channels in (3).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Image channels out (3).</summary>
    public int OutChannels { get; init; } = 3;

    /// <summary>Output width of each down block; the decoder uses them in reverse.</summary>
    public IReadOnlyList<int> BlockOutChannels { get; init; } = new[] { 64 };

    /// <summary>Resnets per encoder block (the decoder has one more per block).</summary>
    public int LayersPerBlock { get; init; } = 1;

    /// <summary>Channels of the latent <c>z</c>.</summary>
    public int LatentChannels { get; init; } = 4;

    /// <summary>GroupNorm groups everywhere.</summary>
    public int NormNumGroups { get; init; } = 32;

    /// <summary>Multiplier from <c>z</c> to the diffusion latent.</summary>
    public double ScalingFactor { get; init; } = 0.18215;

    /// <summary>Nominal training image size (informational).</summary>
    public int SampleSize { get; init; } = 32;

    /// <summary>Whether the encoder and decoder mid blocks hold an attention layer (diffusers <c>mid_block_add_attention</c>).</summary>
    public bool MidBlockAddAttention { get; init; } = true;

    /// <summary>Width of one attention head in the mid blocks; null means one head over the full width, as diffusers builds it.</summary>
    public int? AttentionHeadDim { get; init; }

    /// <summary>Whether <c>quant_conv</c> exists (diffusers <c>use_quant_conv</c>).</summary>
    public bool UseQuantConv { get; init; } = true;

    /// <summary>Whether <c>post_quant_conv</c> exists (diffusers <c>use_post_quant_conv</c>).</summary>
    public bool UsePostQuantConv { get; init; } = true;

    /// <summary>Most image and latent channels accepted.</summary>
    public const int MaxChannels = 1024;

    /// <summary>Widest block accepted.</summary>
    public const int MaxWidth = 16384;

    /// <summary>Most resnets per block accepted.</summary>
    public const int MaxLayersPerBlock = 64;

    /// <summary>Number of down (and up) blocks.</summary>
    public int BlockCount => BlockOutChannels.Count;

    /// <summary>Pixels per latent pixel: each block but the last halves the resolution.</summary>
    public int DownsampleFactor => 1 << (BlockCount - 1);

    /// <summary>
    /// Parameters of the <c>AutoencoderKL</c> this config describes (encoder, quant convs, decoder), counted the way the
    /// modules allocate them, so the model's size is known before it is built.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            static long Conv(long cin, long cout, long k) => cin * cout * k * k + cout;
            static long Norm(long c) => 2 * c;
            static long Resnet(long cin, long cout) => Norm(cin) + Conv(cin, cout, 3) + Norm(cout) + Conv(cout, cout, 3) + (cin == cout ? 0 : Conv(cin, cout, 1));
            long Mid(long c) => 2 * Resnet(c, c) + (MidBlockAddAttention ? Norm(c) + 4 * (c * c + c) : 0);
            var widths = BlockOutChannels.Select(w => (long)w).ToArray();
            var encoder = Conv(InChannels, widths[0], 3);
            for (var i = 0; i < widths.Length; i++)
            {
                var previous = i == 0 ? widths[0] : widths[i - 1];
                for (var r = 0; r < LayersPerBlock; r++) encoder += Resnet(r == 0 ? previous : widths[i], widths[i]);
                if (i < widths.Length - 1) encoder += Conv(widths[i], widths[i], 3);
            }
            encoder += Mid(widths[^1]) + Norm(widths[^1]) + Conv(widths[^1], 2L * LatentChannels, 3);
            var reversed = widths.Reverse().ToArray();
            var decoder = Conv(LatentChannels, reversed[0], 3) + Mid(reversed[0]);
            for (var i = 0; i < reversed.Length; i++)
            {
                var previous = i == 0 ? reversed[0] : reversed[i - 1];
                for (var r = 0; r <= LayersPerBlock; r++) decoder += Resnet(r == 0 ? previous : reversed[i], reversed[i]);
                if (i < reversed.Length - 1) decoder += Conv(reversed[i], reversed[i], 3);
            }
            decoder += Norm(reversed[^1]) + Conv(reversed[^1], OutChannels, 3);
            var quant = (UseQuantConv ? Conv(2L * LatentChannels, 2L * LatentChannels, 1) : 0) + (UsePostQuantConv ? Conv(LatentChannels, LatentChannels, 1) : 0);
            return encoder + quant + decoder;
        }
    }

    /// <summary>
    /// Elements alive at the decoder's peak per output pixel: the last up block runs at full resolution on the upsampled
    /// output of the one before (width w1) and its own width w0, holding about four tensors of each in a resnet (input,
    /// normalised, convolved, shortcut). An estimate for the memory check, not an exact count.
    /// </summary>
    public double DecodeActivationsPerPixel
    {
        get
        {
            var w0 = BlockOutChannels.Count > 0 ? BlockOutChannels[0] : 0;
            var w1 = BlockOutChannels.Count > 1 ? BlockOutChannels[1] : w0;
            return 4.0 * (w0 + w1) + OutChannels;
        }
    }

    /// <summary>Reads and checks <paramref name="path"/> (a diffusers <c>config.json</c>).</summary>
    public static VaeConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"VAE config '{path}' does not exist", path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new WeightFormatException($"{path}: not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A field of the wrong JSON kind (a number where a string belongs, a fraction where an integer does).
            throw new WeightFormatException($"{path}: a field has the wrong type ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>Reads and checks a config object; <paramref name="source"/> names it in messages.</summary>
    public static VaeConfig Parse(JsonElement json, string source)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new WeightFormatException($"{source}: VAE config must be a JSON object");
        var problems = new List<string>();
        if (json.TryGetProperty("_class_name", out var cls) && cls.GetString() is { } name && name != "AutoencoderKL")
            problems.Add($"_class_name is '{name}'; only AutoencoderKL is supported");

        var blocks = IntList(json, "block_out_channels", source) ?? new[] { 64 };
        var config = new VaeConfig
        {
            InChannels = Int(json, "in_channels", source) ?? 3,
            OutChannels = Int(json, "out_channels", source) ?? 3,
            BlockOutChannels = blocks,
            LayersPerBlock = Int(json, "layers_per_block", source) ?? 1,
            LatentChannels = Int(json, "latent_channels", source) ?? 4,
            NormNumGroups = Int(json, "norm_num_groups", source) ?? 32,
            ScalingFactor = Double(json, "scaling_factor", source) ?? 0.18215,
            SampleSize = SampleSizeOf(json, source),
            MidBlockAddAttention = Bool(json, "mid_block_add_attention", source) ?? true,
            AttentionHeadDim = Int(json, "attention_head_dim", source),
            UseQuantConv = Bool(json, "use_quant_conv", source) ?? true,
            UsePostQuantConv = Bool(json, "use_post_quant_conv", source) ?? true,
        };

        CheckBlockTypes(json, "down_block_types", "DownEncoderBlock2D", blocks.Length, problems);
        CheckBlockTypes(json, "up_block_types", "UpDecoderBlock2D", blocks.Length, problems);
        if (json.TryGetProperty("act_fn", out var act) && act.GetString() != "silu")
            problems.Add($"act_fn is '{act}'; only 'silu' is supported");
        if (json.TryGetProperty("latents_mean", out var lm) && lm.ValueKind != JsonValueKind.Null)
            problems.Add("latents_mean/latents_std are set; per-channel latent normalisation is not supported");
        if (json.TryGetProperty("shift_factor", out var shift) && shift.ValueKind == JsonValueKind.Number && shift.GetDouble() != 0)
            problems.Add($"shift_factor is {shift}; a latent shift is not supported (the codec contract has a scaling factor only)");
        problems.AddRange(config.Validate());
        if (problems.Count > 0)
            throw new WeightFormatException($"{source}: unsupported VAE config:\n  " + string.Join("\n  ", problems));
        return config;
    }

    /// <summary>Consistency problems of this config (empty when it can be built).</summary>
    public IEnumerable<string> Validate()
    {
        // Generous bounds around every released SD VAE (in/out 3, latent 4-16, widths 128-512, 2 layers, 32 groups), so a
        // config.json cannot ask for a model no machine holds.
        if (InChannels is < 1 or > MaxChannels) yield return $"in_channels must be between 1 and {MaxChannels} (got {InChannels})";
        if (OutChannels is < 1 or > MaxChannels) yield return $"out_channels must be between 1 and {MaxChannels} (got {OutChannels})";
        if (LatentChannels is < 1 or > MaxChannels) yield return $"latent_channels must be between 1 and {MaxChannels} (got {LatentChannels})";
        if (LayersPerBlock is < 1 or > MaxLayersPerBlock) yield return $"layers_per_block must be between 1 and {MaxLayersPerBlock} (got {LayersPerBlock})";
        if (BlockCount < 1 || BlockCount > 16) yield return $"block_out_channels must list 1 to 16 widths (got {BlockCount})";
        foreach (var width in BlockOutChannels.Where(w => w > MaxWidth)) yield return $"block_out_channels entry {width} must be at most {MaxWidth}";
        if (NormNumGroups is < 1 or > MaxWidth) yield return $"norm_num_groups must be between 1 and {MaxWidth} (got {NormNumGroups})";
        else
            foreach (var width in BlockOutChannels.Where(w => w < 1 || w % NormNumGroups != 0))
                yield return $"block_out_channels entry {width} is not a positive multiple of norm_num_groups {NormNumGroups}";
        if (!(ScalingFactor > 0)) yield return $"scaling_factor must be positive (got {ScalingFactor})";
        if (AttentionHeadDim is { } head && BlockCount > 0 && (head < 1 || BlockOutChannels[^1] % head != 0))
            yield return $"attention_head_dim {head} does not divide the mid-block width {BlockOutChannels[^1]}";
    }

    private static void CheckBlockTypes(JsonElement json, string key, string allowed, int count, List<string> problems)
    {
        if (!json.TryGetProperty(key, out var list)) return;
        if (list.ValueKind != JsonValueKind.Array) { problems.Add($"{key} must be a list"); return; }
        var types = list.EnumerateArray().Select(e => e.GetString()).ToList();
        if (types.Count != count)
            problems.Add($"{key} has {types.Count} entries but block_out_channels has {count}");
        foreach (var t in types.Where(t => t != allowed).Distinct())
            problems.Add($"{key} contains '{t}'; only {allowed} is supported");
    }

    private static int SampleSizeOf(JsonElement json, string source)
    {
        if (!json.TryGetProperty("sample_size", out var v) || v.ValueKind == JsonValueKind.Null) return 32;
        // Some configs store [height, width]; the first entry is enough for an informational field.
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0) return v[0].GetInt32();
        return Int(json, "sample_size", source) ?? 32;
    }

    private static int? Int(JsonElement json, string key, string source) =>
        !json.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : throw new WeightFormatException($"{source}: '{key}' must be an integer (got {v})");

    private static double? Double(JsonElement json, string key, string source) =>
        !json.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new WeightFormatException($"{source}: '{key}' must be a number (got {v})");

    private static bool? Bool(JsonElement json, string key, string source) =>
        !json.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw new WeightFormatException($"{source}: '{key}' must be true or false (got {v})");

    private static int[]? IntList(JsonElement json, string key, string source)
    {
        if (!json.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out _)))
            throw new WeightFormatException($"{source}: '{key}' must be a list of integers (got {v})");
        return v.EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }
}
