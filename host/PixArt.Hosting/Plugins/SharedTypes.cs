using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Plugins;
using PixArt.Diffusion;
using PixArt.Nn.Weights;
using TorchSharp;

namespace PixArt.Hosting.Plugins;

/// <summary>
/// Types whose assemblies every plugin shares with the host, so a <c>Tensor</c>, a <c>Module</c>, a contract or a
/// service collection crosses the plugin boundary as one type and libtorch is loaded once.
/// </summary>
public static class SharedTypes
{
    /// <summary>The list handed to the plugin loader.</summary>
    public static readonly Type[] All =
    {
        typeof(IPixArtPlugin),          // PixArt.Abstractions
        typeof(ModuleWeights),          // PixArt.Nn
        typeof(GaussianDiffusion),      // PixArt.Diffusion
        typeof(torch),                  // TorchSharp
        typeof(torch.Tensor),
        typeof(torch.nn.Module),
        typeof(IServiceCollection),     // Microsoft.Extensions.DependencyInjection.Abstractions
        typeof(IConfiguration),         // Microsoft.Extensions.Configuration.Abstractions
        typeof(ILogger),                // Microsoft.Extensions.Logging.Abstractions
        typeof(IOptions<>),             // Microsoft.Extensions.Options
    };
}
