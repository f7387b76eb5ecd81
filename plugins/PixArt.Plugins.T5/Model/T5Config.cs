using System.Text.Json;

namespace PixArt.Plugins.T5.Model;

/// <summary>The fields of a Hugging Face T5 <c>config.json</c> the encoder needs.</summary>
public sealed record T5Config
{
    /// <summary>Hidden width (T5-XXL: 4096).</summary>
    public int DModel { get; init; }
    /// <summary>Per-head width (64).</summary>
    public int DKv { get; init; }
    /// <summary>Feed-forward width (10240).</summary>
    public int DFf { get; init; }
    /// <summary>Encoder blocks (24).</summary>
    public int NumLayers { get; init; }
    /// <summary>Attention heads (64).</summary>
    public int NumHeads { get; init; }
    /// <summary>Relative-position buckets (32).</summary>
    public int RelativeAttentionNumBuckets { get; init; } = 32;
    /// <summary>Distance beyond which positions share the last bucket (128).</summary>
    public int RelativeAttentionMaxDistance { get; init; } = 128;
    /// <summary>RMSNorm epsilon (1e-6).</summary>
    public double LayerNormEpsilon { get; init; } = 1e-6;
    /// <summary>Feed-forward kind; only gated tanh-GELU (<c>gated-gelu</c>) is supported.</summary>
    public string FeedForwardProj { get; init; } = "gated-gelu";
    /// <summary>Embedding rows (32128).</summary>
    public int VocabSize { get; init; }

    /// <summary>
    /// Parameters of the encoder this config describes: the token embedding, per block q/k/v/o, the gated feed-forward
    /// (wi_0, wi_1, wo) and two RMSNorm weights, the relative-position table of block 0, and the final norm.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long d = DModel, inner = (long)NumHeads * DKv, ff = DFf;
            var block = 4 * d * inner + 3 * d * ff + 2 * d;
            return (long)VocabSize * d + NumLayers * block + (long)RelativeAttentionNumBuckets * NumHeads + d;
        }
    }

    /// <summary>
    /// The values each field may take: generous bounds around every released T5 (XXL: d_model 4096, d_ff 10240, 24 layers,
    /// 64 heads, 32128 tokens), so a config.json cannot ask for an encoder no machine holds before the memory check runs.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Ranges = new Dictionary<string, (int, int)>
    {
        ["d_model"] = (1, 65536),
        ["d_kv"] = (1, 4096),
        ["d_ff"] = (1, 262144),
        ["num_layers"] = (1, 1024),
        ["num_heads"] = (1, 1024),
        ["relative_attention_num_buckets"] = (1, 4096),
        ["relative_attention_max_distance"] = (1, 1_000_000),
        ["vocab_size"] = (1, 1 << 20),
    };

    /// <summary>Reads <paramref name="path"/>; throws naming the file and field when something is missing or unsupported.</summary>
    public static T5Config Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: T5 config.json not found", path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return FromJson(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{path}: a field has the wrong type ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>Reads a parsed config object; <paramref name="source"/> names it in messages.</summary>
    public static T5Config FromJson(JsonElement json, string source)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{source}: must be a JSON object");
        int Int(string name)
        {
            var (min, max) = Ranges[name];
            if (!json.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || d != Math.Floor(d))
                throw new InvalidDataException($"{source}: '{name}' must be a whole number between {min} and {max}");
            if (d < min || d > max)
                throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source}: {name} = {d}: must be between {min} and {max}"));
            return (int)d;
        }
        int IntOr(string name, int fallback) => json.TryGetProperty(name, out _) ? Int(name) : fallback;
        var proj = !json.TryGetProperty("feed_forward_proj", out var fp) ? "relu"
            : fp.ValueKind == JsonValueKind.String ? fp.GetString() ?? "" : throw new InvalidDataException($"{source}: 'feed_forward_proj' must be a string");
        if (proj is not ("gated-gelu" or "gated-gelu_new" or "gated-gelu_pytorch_tanh"))
            throw new NotSupportedException($"{source}: feed_forward_proj '{proj}' is not supported; this encoder implements T5 v1.1's 'gated-gelu' (tanh GELU)");
        var eps = !json.TryGetProperty("layer_norm_epsilon", out var e) ? 1e-6
            : e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new InvalidDataException($"{source}: 'layer_norm_epsilon' must be a number");
        if (!(eps > 0)) throw new InvalidDataException($"{source}: 'layer_norm_epsilon' must be positive");
        return new T5Config
        {
            DModel = Int("d_model"),
            DKv = Int("d_kv"),
            DFf = Int("d_ff"),
            NumLayers = Int("num_layers"),
            NumHeads = Int("num_heads"),
            RelativeAttentionNumBuckets = IntOr("relative_attention_num_buckets", 32),
            RelativeAttentionMaxDistance = IntOr("relative_attention_max_distance", 128),
            LayerNormEpsilon = eps,
            FeedForwardProj = proj,
            VocabSize = Int("vocab_size"),
        };
    }
}
