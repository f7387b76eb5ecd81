using System.CommandLine;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli;

/// <summary>Options every command accepts: configuration overlay, key overrides, device and dtype.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Experiment overlay JSON applied over appsettings.json (relative paths inside it resolve against its folder).",
        Recursive = true,
    };

    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override one configuration key, e.g. --set PixArt:Sampler:Steps=30 (repeatable; wins over files and environment).",
        Recursive = true,
    };

    public static readonly Option<string?> Device = new("--device")
    {
        Description = "Device: cpu, cuda, cuda:N or auto (same as PixArt:Runtime:Device).",
        Recursive = true,
    };

    public static readonly Option<string?> DType = new("--dtype")
    {
        Description = $"Precision: auto, float32, bfloat16 or float16 (same as PixArt:Runtime:DType). auto: bfloat16 on CUDA; on the CPU bfloat16 for {AutoDTypePolicy.GenerationCommands} where the CPU has native bf16 (AVX512-BF16/AMX), float32 otherwise and for {AutoDTypePolicy.ReproducibleCommands} (pixart doctor says which).",
        Recursive = true,
    };

    static GlobalOptions()
    {
        Device.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && !RuntimeOptions.IsValidDevice(value)) r.AddError($"--device = '{value}': allowed: cpu, cuda, cuda:N, auto");
        });
        DType.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && !RuntimeOptions.DTypes.Contains(value)) r.AddError($"--dtype = '{value}': allowed: {string.Join(", ", RuntimeOptions.DTypes)}");
        });
    }

    public static void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(Set);
        root.Options.Add(Device);
        root.Options.Add(DType);
    }

    /// <summary>The configuration overrides the global options ask for, plus <paramref name="extra"/> (a command's own options).</summary>
    public static List<KeyValuePair<string, string?>> Overrides(ParseResult result, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var overrides = new List<KeyValuePair<string, string?>>(PixArtConfiguration.ParseOverrides(result.GetValue(Set) ?? Array.Empty<string>()));
        if (result.GetValue(Device) is { } device) overrides.Add(new("PixArt:Runtime:Device", device));
        if (result.GetValue(DType) is { } dtype) overrides.Add(new("PixArt:Runtime:DType", dtype));
        if (extra is not null) overrides.AddRange(extra);
        return overrides;
    }
}
