using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;

namespace MyTextEncoder;

/// <summary>Creates <see cref="HashedTextEncoder"/>s; <see cref="Describe"/> answers without creating one.</summary>
public sealed class HashedTextEncoderFactory : ITextEncoderFactory
{
    /// <inheritdoc />
    public TextEncoderInfo Describe(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<HashedTextEncoderOptions>();
        return new TextEncoderInfo(options.HiddenSize, options.MaxLength, (long)options.Buckets * options.HiddenSize);
    }

    /// <inheritdoc />
    public ITextEncoder Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new HashedTextEncoder(context.GetOptions<HashedTextEncoderOptions>());
    }
}
