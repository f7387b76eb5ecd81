using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;

namespace PixArt.Hosting.Model;

/// <summary>Loads the configured <see cref="PixArtModel"/> once: described and checked first, then each component created through its plugin.</summary>
public static class PixArtModelLoader
{
    /// <summary>
    /// Creates the denoiser, the codec and (when configured) the text encoder. Throws <see cref="ConfigurationException"/>
    /// naming the key when a required component is not configured or the components do not fit together; a component
    /// that fails to load disposes the ones already loaded.
    /// </summary>
    public static PixArtModel Load(IServiceProvider services)
    {
        var selections = services.GetRequiredService<ComponentSelections>();
        var activator = services.GetRequiredService<ComponentActivator>();
        var description = services.GetRequiredService<ModelDescription>();
        var denoiserSelection = selections.Get(PipelineSlots.Denoiser);
        var codecSelection = selections.Get(PipelineSlots.Codec);
        var encoderSelection = selections.Find(PipelineSlots.TextEncoder);
        DenoiserModule? denoiser = null;
        ILatentCodec? codec = null;
        try
        {
            denoiser = activator.Factory<IDenoiserFactory>(denoiserSelection).Create(activator.Context(denoiserSelection));
            codec = activator.Factory<ILatentCodecFactory>(codecSelection).Create(activator.Context(codecSelection));
            var encoder = encoderSelection is null ? null : activator.Factory<ITextEncoderFactory>(encoderSelection).Create(activator.Context(encoderSelection));
            var model = new PixArtModel(description, denoiser, codec, encoder);
            services.GetService<ModelResidency>()?.MarkLoaded();
            return model;
        }
        catch
        {
            codec?.Dispose();
            denoiser?.Dispose();
            throw;
        }
    }
}
