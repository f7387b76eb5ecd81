using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.SdVae;

/// <summary>
/// Checkpoint keys of the SD VAE. The module's own keys are the current diffusers names; files written by diffusers 0.4.x
/// (e.g. <c>sd-vae-ft-ema/diffusion_pytorch_model.bin</c>) name the mid-block attention linears
/// <c>query</c>/<c>key</c>/<c>value</c>/<c>proj_attn</c> instead, and both are accepted.
/// </summary>
public static class VaeWeightKeys
{
    /// <summary>Current diffusers attention names and their pre-0.5 equivalents.</summary>
    public static readonly IReadOnlyList<(string Current, string Old)> AttentionRenames = new[]
    {
        (".to_q.", ".query."), (".to_k.", ".key."), (".to_v.", ".value."), (".to_out.0.", ".proj_attn."),
    };

    /// <summary>
    /// A map accepting every key of <paramref name="nativeKeys"/> under its own name and, for mid-block attention
    /// linears, under the old name too.
    /// </summary>
    public static WeightKeyMap For(IEnumerable<string> nativeKeys)
    {
        var map = new WeightKeyMap();
        foreach (var key in nativeKeys)
        {
            map.Rename(key, key);
            if (OldName(key) is { } old) map.Rename(old, key);
        }
        return map;
    }

    /// <summary>The pre-0.5 diffusers name of a mid-block attention key, or null for other keys.</summary>
    public static string? OldName(string key)
    {
        if (!key.Contains(".mid_block.attentions.", StringComparison.Ordinal)) return null;
        foreach (var (current, old) in AttentionRenames)
            if (key.Contains(current, StringComparison.Ordinal)) return key.Replace(current, old, StringComparison.Ordinal);
        return null;
    }
}
