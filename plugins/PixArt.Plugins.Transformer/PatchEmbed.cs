using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// Latent patches to tokens: <c>proj = Conv2d(in → C, kernel = stride = p)</c>, flattened row-major (token n = i·w + j).
/// Computed as one <c>addmm</c> over the (cheap, in·p·p wide) patch matrix, which yields contiguous <c>[B, T, C]</c>
/// tokens directly instead of a transposed view of the convolution output that every later op would have to copy.
/// </summary>
internal sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;
    private readonly long _patch;

    public PatchEmbed(long inChannels, long hiddenSize, long patchSize) : base("x_embedder")
    {
        _patch = patchSize;
        proj = nn.Conv2d(inChannels, hiddenSize, patchSize, stride: patchSize);
        RegisterComponents();
    }

    public Conv2d Proj => proj;

    public override Tensor forward(Tensor x) // [B, in, H, W]
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2] / _patch, x.shape[3] / _patch);
        var weight = proj.weight!;                                                      // [C, in, p, p]
        var patches = x.view(b, c, h, _patch, w, _patch).permute(0, 2, 4, 1, 3, 5)
            .reshape(b * h * w, c * _patch * _patch);                                   // [B·T, in·p·p], features (in, py, px)
        var tokens = addmm(proj.bias!, patches, weight.view(weight.shape[0], -1).t(), 1, 1); // [B·T, C]
        return scope.MoveToOuter(tokens.view(b, h * w, weight.shape[0]));              // [B, T, C]
    }
}
