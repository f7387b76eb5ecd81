using PixArt.Abstractions.Denoising;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The model a stage trains, and how precision is handled without autocast (TorchSharp has none): the <see cref="Master"/>
/// weights, gradients and optimizer state stay float32; with mixed precision a <see cref="Working"/> copy in the runtime
/// dtype (bfloat16 on CUDA) takes the forward and backward, its weights refreshed from the master before each forward and
/// its gradients copied to the master after each backward. Without it the master is forwarded directly.
/// </summary>
public sealed class TrainedModel(DenoiserModule master, DenoiserModule? working) : IDisposable
{
    /// <summary>The float32 weights the optimizer updates.</summary>
    public DenoiserModule Master { get; } = master;

    /// <summary>The reduced-precision copy that computes, with mixed precision.</summary>
    public DenoiserModule? Working { get; } = working;

    /// <summary>The model the forward pass runs on.</summary>
    public DenoiserModule Forwarded => Working ?? Master;

    /// <summary>The parameters the optimizer updates (the master's trainable ones).</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> Trainable { get; } = master.parameters().Where(p => p.requires_grad).ToList();

    /// <summary>Before a step's forward passes: the working copy takes the master's current weights.</summary>
    public void BeforeForward()
    {
        if (Working is null) return;
        using var noGrad = no_grad();
        var from = Master.state_dict();
        foreach (var (name, tensor) in Working.state_dict()) tensor.copy_(from[name]);
    }

    /// <summary>After a step's backward passes: the master receives the working copy's gradients (in float32).</summary>
    public void AfterBackward()
    {
        if (Working is null) return;
        using var noGrad = no_grad();
        var working = Working.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in Master.named_parameters())
        {
            if (!parameter.requires_grad || working[name].grad is not { } grad) continue;
            if (parameter.grad is null) parameter.grad = grad.to(ScalarType.Float32);
            else parameter.grad.copy_(grad);
        }
        Working.zero_grad();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Working?.Dispose();
        Master.Dispose();
    }
}
