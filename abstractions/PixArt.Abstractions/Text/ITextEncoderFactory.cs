using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Text;

/// <summary>Creates text encoders (registered keyed by the component's type id).</summary>
public interface ITextEncoderFactory
{
    /// <summary>Loads the encoder (tokenizer and weights) described by <paramref name="context"/>'s options.</summary>
    ITextEncoder Create(ComponentContext context);
}
