namespace PixArt.Abstractions.Weights;

/// <summary>Key layouts a PixArt checkpoint can come in.</summary>
public enum CheckpointLayout
{
    /// <summary>The framework's own module names (what <c>state_dict()</c> of our modules returns).</summary>
    Native,
    /// <summary>The official PixArt-alpha <c>.pth</c> layout (<c>blocks.i.attn.qkv</c>, <c>t_block.1</c>, ...).</summary>
    Official,
    /// <summary>The diffusers <c>PixArtTransformer2DModel</c> layout (<c>transformer_blocks.i.attn1.to_q</c>, ...).</summary>
    Diffusers,
}
