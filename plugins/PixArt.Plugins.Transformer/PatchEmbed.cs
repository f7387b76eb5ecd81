using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>Latent patches to tokens: <c>proj = Conv2d(in → C, kernel = stride = p)</c>, flattened row-major (token n = i·w + j).</summary>
internal sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public PatchEmbed(long inChannels, long hiddenSize, long patchSize) : base("x_embedder")
    {
        proj = nn.Conv2d(inChannels, hiddenSize, patchSize, stride: patchSize);
        RegisterComponents();
    }

    public Conv2d Proj => proj;

    public override Tensor forward(Tensor x) // [B, in, H, W]
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(proj.forward(x).flatten(2).transpose(1, 2)); // [B, h·w, C]
    }
}
