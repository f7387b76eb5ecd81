using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Training;
using PixArt.Hosting.Composition;

namespace PixArt.Hosting.Training;

/// <summary>The components every stage uses without training them: the codec, and the text encoder when a stage trains on captions.</summary>
public sealed class FrozenComponents : IDisposable
{
    private FrozenComponents(ILatentCodec codec, ITextEncoder? textEncoder)
    {
        Codec = codec;
        TextEncoder = textEncoder;
    }

    /// <summary>The latent codec.</summary>
    public ILatentCodec Codec { get; }

    /// <summary>The text encoder, or null when no stage trains on captions.</summary>
    public ITextEncoder? TextEncoder { get; }

    /// <summary>Creates the codec and (when needed) the text encoder of <paramref name="plan"/>'s configuration.</summary>
    public static FrozenComponents Create(IServiceProvider services, ExperimentPlan plan)
    {
        var activator = services.GetRequiredService<ComponentActivator>();
        var selections = services.GetRequiredService<ComponentSelections>();
        var codecSelection = selections.Get(PipelineSlots.Codec);
        var codec = activator.Factory<ILatentCodecFactory>(codecSelection).Create(activator.Context(codecSelection));
        try
        {
            var encoder = plan.Stages.Any(s => s.Stage.Condition == TrainingCondition.Caption) && selections.Find(PipelineSlots.TextEncoder) is { } encoderSelection
                ? activator.Factory<ITextEncoderFactory>(encoderSelection).Create(activator.Context(encoderSelection))
                : null;
            return new FrozenComponents(codec, encoder);
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        TextEncoder?.Dispose();
        Codec.Dispose();
    }
}
