using PixArt.Abstractions.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>The identity key map of a module: every state-dict key maps onto itself (the native layout).</summary>
public static class NativeKeyMap
{
    /// <summary>A map with one rule per key of <paramref name="module"/>'s state dict.</summary>
    public static WeightKeyMap For(nn.Module module)
    {
        var map = new WeightKeyMap();
        foreach (var key in module.state_dict().Keys) map.Rename(key, key);
        return map;
    }
}
