using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Runtime;
using TorchSharp;

namespace PixArt.Hosting.Training;

/// <summary>
/// Training and feature extraction are float32 on the CPU under <c>DType = auto</c> (<see cref="AutoDTypePolicy.Reproducible"/>,
/// the default of <c>AddPixArt</c> and of the CLI's training commands). A host that registered
/// <see cref="AutoDTypePolicy.Generation"/> and trains on a CPU with native bf16 gets bfloat16 instead: mixed precision,
/// slower for small models, and a feature cache a float32 run never reads. That is the host's choice, so it is a warning.
/// </summary>
internal static class TrainingDTypeNotice
{
    /// <summary>Logs <see cref="Warning"/> when there is one.</summary>
    public static void Log(IServiceProvider services, ILogger logger)
    {
        if (Warning(services.GetRequiredService<IOptions<RuntimeOptions>>().Value, services.GetRequiredService<IRuntimeContext>()) is { } warning)
            logger.LogWarning("{Warning}", warning);
    }

    /// <summary>The warning for a CPU run whose <c>auto</c> dtype resolved to reduced precision; null otherwise.</summary>
    public static string? Warning(RuntimeOptions options, IRuntimeContext runtime) =>
        options.DType == "auto" && runtime.Device.type == DeviceType.CPU && runtime.DType != torch.ScalarType.Float32
            ? $"PixArt:Runtime:DType is auto and this host registered AutoDTypePolicy.Generation, so this work runs in " +
              $"{RuntimeOptions.DTypeName(runtime.DType)} on the CPU, where `pixart train` and `pixart extract` run float32. To match " +
              "them, register AutoDTypePolicy.Reproducible before AddPixArt or set PixArt:Runtime:DType to float32"
            : null;
}
