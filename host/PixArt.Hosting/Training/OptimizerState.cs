using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// AdamW's state in and out of a checkpoint: the two moments of parameter i as <c>exp_avg.i</c> and <c>exp_avg_sq.i</c>
/// (float32 tensors, in the order of <see cref="TrainedModel.Trainable"/>) and its step count. TorchSharp's own
/// <c>save_state_dict</c> writes a private binary format without checksums; these tensors go into the checkpoint's
/// safetensors file, covered by its manifest.
/// </summary>
public static class OptimizerState
{
    /// <summary>The moments by key (live tensors owned by the optimizer) and the step count of each parameter.</summary>
    public static (Dictionary<string, Tensor> Tensors, IReadOnlyList<long> Steps) Capture(AdamW optimizer)
    {
        var states = States(optimizer);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < states.Count; i++)
        {
            tensors[$"exp_avg.{i}"] = states[i].exp_avg;
            tensors[$"exp_avg_sq.{i}"] = states[i].exp_avg_sq;
        }
        return (tensors, states.Select(s => s.step).ToList());
    }

    /// <summary>Restores moments and step counts written by <see cref="Capture"/>; throws <see cref="InvalidDataException"/> when they do not fit.</summary>
    public static void Restore(AdamW optimizer, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyList<long> steps)
    {
        var states = States(optimizer);
        if (steps.Count != states.Count)
            throw new InvalidDataException($"the checkpoint's optimizer has {steps.Count} parameters, the model {states.Count}");
        using var noGrad = no_grad();
        for (var i = 0; i < states.Count; i++)
        {
            foreach (var (key, target) in new[] { ($"exp_avg.{i}", states[i].exp_avg), ($"exp_avg_sq.{i}", states[i].exp_avg_sq) })
            {
                if (!tensors.TryGetValue(key, out var source)) throw new InvalidDataException($"the optimizer state lacks {key}");
                if (!source.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"optimizer tensor {key} is [{string.Join(", ", source.shape)}], the parameter [{string.Join(", ", target.shape)}]");
                target.copy_(source);
            }
            states[i].step = steps[i];
        }
    }

    private static List<AdamW.State> States(AdamW optimizer) => optimizer.state_dict().State.Cast<AdamW.State>().ToList();
}
