using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>A lookup table <c>[rows, width]</c> (token embedding, relative-position bias); uninitialised until loaded.</summary>
internal sealed class T5Embedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // [rows, width]

    public T5Embedding(long rows, long width, ScalarType dtype, Device device) : base(nameof(T5Embedding))
    {
        weight = new Parameter(empty(rows, width, dtype, device), requires_grad: false);
        RegisterComponents();
    }

    public long Rows => weight.shape[0];

    public override Tensor forward(Tensor indices) // indices [...] int64 → [..., width]
    {
        using var scope = NewDisposeScope();
        var flat = weight.index_select(0, indices.reshape(-1));
        var shape = indices.shape.Append(weight.shape[1]).ToArray();
        return scope.MoveToOuter(flat.reshape(shape));
    }
}
