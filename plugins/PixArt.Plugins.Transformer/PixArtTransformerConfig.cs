using System.Text.Json;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.Transformer;

/// <summary>The resolved architecture of a PixArt transformer.</summary>
/// <param name="HiddenSize">Token width C.</param>
/// <param name="Depth">Blocks.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="PatchSize">Patch size.</param>
/// <param name="InChannels">Latent channels in.</param>
/// <param name="OutChannels">Channels out (2×in with learned σ).</param>
/// <param name="SampleSize">Construction latent size (PE base = SampleSize / PatchSize).</param>
/// <param name="CaptionChannels">Caption feature width.</param>
/// <param name="CaptionTokens">Null-caption tokens; null = from the checkpoint, else 120.</param>
/// <param name="InterpolationScale">PE scale; null = max(SampleSize / 64, 1).</param>
/// <param name="MicroConditions">Whether the checkpoint uses micro-conditions; null = unknown (left to the timestep conditioning).</param>
/// <param name="MlpRatio">MLP hidden width / C.</param>
public sealed record PixArtTransformerConfig(
    int HiddenSize, int Depth, int Heads, int PatchSize, int InChannels, int OutChannels, int SampleSize,
    int CaptionChannels, int? CaptionTokens = null, double? InterpolationScale = null, bool? MicroConditions = null, double MlpRatio = 4.0)
{
    /// <summary>Null-caption length when neither options nor checkpoint say otherwise.</summary>
    public const int DefaultCaptionTokens = 120;

    /// <summary>PixArt-XL-2 at 512 px: the defaults when no preset, config or option says otherwise.</summary>
    public static PixArtTransformerConfig Default => new(1152, 28, 16, 2, 4, 8, 64, 4096);

    /// <summary>The positional-embedding scale in effect (diffusers' default rule when unset).</summary>
    public double EffectiveInterpolationScale => InterpolationScale ?? Math.Max(SampleSize / 64, 1);

    /// <summary>The config of a preset name (case-insensitive); throws naming the allowed values.</summary>
    public static PixArtTransformerConfig FromPreset(string preset) => preset.ToUpperInvariant() switch
    {
        "XL-2-256" => Default with { SampleSize = 32, InterpolationScale = 1.0, MicroConditions = false },
        "XL-2-512" => Default with { SampleSize = 64, InterpolationScale = 1.0, MicroConditions = false },
        "XL-2-1024-MS" => Default with { SampleSize = 128, InterpolationScale = 2.0, MicroConditions = true },
        _ => throw new ArgumentException($"preset '{preset}' is unknown; allowed: {string.Join(", ", PixArtTransformerOptions.Presets)}", nameof(preset)),
    };

    /// <summary>
    /// Reads a diffusers <c>PixArtTransformer2DModel</c> config (reference 2.4 field names); fields it lacks keep the
    /// values of <paramref name="fallback"/>. <c>interpolation_scale</c> null → default rule;
    /// <c>use_additional_conditions</c> null → <c>sample_size == 128</c>.
    /// </summary>
    public static PixArtTransformerConfig FromDiffusersConfig(JsonElement json, PixArtTransformerConfig? fallback = null, string source = "config")
    {
        var c = fallback ?? Default;
        if (json.TryGetProperty("norm_type", out var norm) && norm.ValueKind == JsonValueKind.String && norm.GetString() is not ("ada_norm_single" or "ada_norm_zero"))
            throw new WeightFormatException($"{source}: norm_type '{norm.GetString()}' is not a PixArt transformer (expected 'ada_norm_single', or 'ada_norm_zero' for a class-conditional stage-1 model)");
        if (json.ValueKind != JsonValueKind.Object) throw new WeightFormatException($"{source}: must be a JSON object");
        // Every dimension is checked against the range of the option that sets it (ConfigJsonRanges) before anything uses it.
        int? Int(string name)
        {
            if (!json.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d == Math.Floor(d))
            {
                if (ConfigJsonRanges.Fields.ContainsKey(name)) ConfigJsonRanges.Check(source, name, d);
                if (d is >= int.MinValue and <= int.MaxValue) return (int)d;
            }
            throw new WeightFormatException($"{source}: '{name}' must be a whole number, got {v.GetRawText()}");
        }
        var heads = Int("num_attention_heads") ?? c.Heads;
        var headDim = Int("attention_head_dim") ?? c.HiddenSize / c.Heads;
        ConfigJsonRanges.CheckHiddenSize(source, heads, headDim);
        var inChannels = Int("in_channels") ?? c.InChannels;
        var sample = Int("sample_size") ?? c.SampleSize;
        double? scale = null;
        if (json.TryGetProperty("interpolation_scale", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.Number) throw new WeightFormatException($"{source}: 'interpolation_scale' must be a number, got {s.GetRawText()}");
            ConfigJsonRanges.Check(source, "interpolation_scale", s.GetDouble());
            scale = s.GetDouble();
        }
        bool? micro = json.TryGetProperty("use_additional_conditions", out var u) && u.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? u.GetBoolean() : sample == 128;
        return c with
        {
            HiddenSize = heads * headDim,
            Heads = heads,
            Depth = Int("num_layers") ?? c.Depth,
            PatchSize = Int("patch_size") ?? c.PatchSize,
            InChannels = inChannels,
            OutChannels = Int("out_channels") ?? inChannels,
            SampleSize = sample,
            CaptionChannels = Int("caption_channels") ?? c.CaptionChannels,
            InterpolationScale = scale,
            MicroConditions = micro,
        };
    }

    /// <summary>Applies the explicit dimension options (those that are set).</summary>
    public PixArtTransformerConfig With(PixArtTransformerOptions o)
    {
        var inChannels = o.InChannels ?? InChannels;
        var outChannels = o.OutChannels ?? (o.LearnSigma is bool sigma ? (sigma ? 2 * inChannels : inChannels)
            : o.InChannels is not null ? (OutChannels == 2 * InChannels ? 2 * inChannels : inChannels) : OutChannels);
        return this with
        {
            HiddenSize = o.HiddenSize ?? HiddenSize,
            Depth = o.Depth ?? Depth,
            Heads = o.Heads ?? Heads,
            PatchSize = o.PatchSize ?? PatchSize,
            InChannels = inChannels,
            OutChannels = outChannels,
            SampleSize = o.SampleSize ?? SampleSize,
            CaptionChannels = o.CaptionChannels ?? CaptionChannels,
            CaptionTokens = o.CaptionTokens ?? CaptionTokens,
            InterpolationScale = o.InterpolationScale ?? InterpolationScale,
        };
    }

    /// <summary>
    /// The dimensions the conditioning components are built for: the null caption's length from the text conditioning when
    /// it knows one (its checkpoint), else this config's; the micro-conditions the timestep conditioning decided.
    /// </summary>
    public DenoiserDimensions Dimensions(int? nullCaptionTokens = null, bool? microConditions = null) =>
        new(HiddenSize, Depth, Heads, CaptionChannels, nullCaptionTokens ?? CaptionTokens ?? DefaultCaptionTokens, microConditions ?? MicroConditions);

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the combination cannot be built.</summary>
    public void Validate()
    {
        if (HiddenSize <= 0 || Depth <= 0 || Heads <= 0 || PatchSize <= 0 || InChannels <= 0 || OutChannels <= 0 || SampleSize <= 0 || CaptionChannels <= 0)
            throw new ArgumentException($"transformer dimensions must be positive: {this}");
        if (HiddenSize % Heads != 0) throw new ArgumentException($"HiddenSize {HiddenSize} is not divisible by Heads {Heads}");
        if (HiddenSize % 4 != 0) throw new ArgumentException($"HiddenSize {HiddenSize} must be a multiple of 4 (2-D sin-cos positional embedding)");
        if (SampleSize % PatchSize != 0) throw new ArgumentException($"SampleSize {SampleSize} is not divisible by PatchSize {PatchSize}");
    }
}
