using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>
/// A bias-free linear layer (<c>y = x·Wᵀ</c>). Its weight is allocated uninitialised in the target dtype and device,
/// because every T5 weight is loaded from a checkpoint: random init of 4.7B parameters would only cost time and memory.
/// </summary>
internal sealed class T5Linear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // [out, in]

    public T5Linear(long inFeatures, long outFeatures, ScalarType dtype, Device device) : base(nameof(T5Linear))
    {
        weight = new Parameter(empty(outFeatures, inFeatures, dtype, device), requires_grad: false);
        RegisterComponents();
    }

    public Tensor Weight => weight;

    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight);
}
