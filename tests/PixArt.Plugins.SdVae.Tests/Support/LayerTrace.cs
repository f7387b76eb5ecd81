using System.Text;
using PixArt.Abstractions.Testing.Golden;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests.Support;

/// <summary>
/// The outputs of a VAE's layers (modules up to three levels deep, in call order) during one run, kept as float32
/// copies, so that a reduced-precision run can be compared layer by layer with a float32 run of the same input.
/// </summary>
internal sealed class LayerTrace : IDisposable
{
    private readonly List<(string Layer, Tensor Output)> _outputs = [];

    /// <summary>Runs <paramref name="run"/> on <paramref name="codec"/> and records each layer's output.</summary>
    public static LayerTrace Record(SdVaeCodec codec, Action<SdVaeCodec> run)
    {
        var trace = new LayerTrace();
        var removers = new List<Action>();
        foreach (var (name, module) in codec.Model.named_modules())
        {
            if (module is not nn.Module<Tensor, Tensor> layer || name.Count(c => c == '.') > 3) continue;
            var layerName = name;
            var hook = layer.register_forward_hook((_, _, output) =>
            {
                trace._outputs.Add((layerName, output.detach().to(ScalarType.Float32, copy: true).DetachFromDisposeScope()));
                return null!;
            });
            removers.Add(hook.remove);
        }
        try { run(codec); }
        finally { removers.ForEach(remove => remove()); }
        return trace;
    }

    /// <summary>One line per layer: its name and the relative error of this trace against <paramref name="reference"/>.</summary>
    public string CompareWith(LayerTrace reference)
    {
        if (reference._outputs.Count != _outputs.Count)
            throw new InvalidOperationException($"the traces differ in length: {_outputs.Count} and {reference._outputs.Count} layers");
        var table = new StringBuilder();
        for (var i = 0; i < _outputs.Count; i++)
        {
            var (layer, output) = _outputs[i];
            table.AppendLine($"  {layer,-44} relative error {TensorAssert.RelativeError(output, reference._outputs[i].Output):E2}");
        }
        return table.ToString();
    }

    public void Dispose() => _outputs.ForEach(o => o.Output.Dispose());
}
