using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Text;

/// <summary>Creates text encoders (registered keyed by the component's type id).</summary>
public interface ITextEncoderFactory
{
    /// <summary>
    /// What <see cref="Create"/> would load, from the options and the model's configuration only (no weights are read).
    /// Throws naming the option or file at fault (<see cref="ArgumentException"/>, <see cref="IOException"/>,
    /// <see cref="InvalidDataException"/>).
    /// </summary>
    TextEncoderInfo Describe(ComponentContext context);

    /// <summary>Loads the encoder (tokenizer and weights) described by <paramref name="context"/>'s options.</summary>
    ITextEncoder Create(ComponentContext context);
}
