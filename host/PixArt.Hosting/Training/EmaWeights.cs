using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The exponential moving average of a model's parameters (reference 7.1: <c>p_ema ← d·p_ema + (1−d)·p</c> over named
/// parameters after each optimizer step, initialised equal to the model). Kept in float32, detached, owned here.
/// </summary>
public sealed class EmaWeights : IDisposable
{
    private readonly Dictionary<string, Tensor> _shadow;

    /// <summary>Starts the average at <paramref name="model"/>'s parameters.</summary>
    public EmaWeights(nn.Module model)
    {
        using var noGrad = no_grad();
        _shadow = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float32, copy: true).DetachFromDisposeScope(), StringComparer.Ordinal);
    }

    /// <summary>The averaged tensors by parameter name (owned here; for checkpoints).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _shadow;

    /// <summary>
    /// The decay of a stage's update <paramref name="update"/> (0-based): <paramref name="decay"/>, capped at
    /// <c>(1 + n) / (10 + n)</c> when <paramref name="warmup"/> (diffusers' <c>EMAModel.get_decay</c> without its power schedule).
    /// </summary>
    public static double Decay(double decay, long update, bool warmup) =>
        warmup ? Math.Min(decay, (1.0 + update) / (10.0 + update)) : decay;

    /// <summary>One update with <paramref name="decay"/> from <paramref name="model"/>'s current parameters.</summary>
    public void Update(nn.Module model, double decay)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var shadow = _shadow[name];
            shadow.mul_(decay).add_(parameter.detach().to(ScalarType.Float32), alpha: 1 - decay);
        }
    }

    /// <summary>Writes the average into <paramref name="target"/>'s parameters (same architecture; its buffers are left as they are).</summary>
    public void CopyInto(nn.Module target)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in target.named_parameters()) parameter.copy_(_shadow[name]);
    }

    /// <summary>Replaces the average by <paramref name="tensors"/> (from a checkpoint), which must name every parameter.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> tensors)
    {
        var missing = _shadow.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"the EMA weights lack {string.Join(", ", missing.Take(5))}");
        using var noGrad = no_grad();
        foreach (var (name, shadow) in _shadow) shadow.copy_(tensors[name]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _shadow.Values) tensor.Dispose();
    }
}
