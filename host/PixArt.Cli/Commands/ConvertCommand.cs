using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Commands;

/// <summary><c>pixart convert</c>: reads a denoiser checkpoint in any supported layout and writes it as safetensors in a chosen layout.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "Checkpoint to read: official .pth, diffusers safetensors (file, sharded index or folder).", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write: a folder (weights + config.json, loadable by PixArt:Denoiser:Weights alone) or a .safetensors file.", Required = true };
        var layout = new Option<string>("--layout") { Description = "Key layout to write: diffusers, official or native.", DefaultValueFactory = _ => "diffusers" };
        var command = new Command("convert", "Convert a PixArt transformer checkpoint between the official and diffusers key layouts (written as safetensors, atomically). The model shape comes from PixArt:Denoiser (preset/dimensions) or the checkpoint folder's config.json.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(layout);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var target = result.GetValue(layout)!.ToLowerInvariant() switch
            {
                "diffusers" => CheckpointLayout.Diffusers,
                "official" => CheckpointLayout.Official,
                "native" => CheckpointLayout.Native,
                var other => throw new CliUsageException($"--layout = '{other}': allowed: diffusers, official, native"),
            };
            var inputPath = Path.GetFullPath(result.GetValue(input)!);
            var extra = new List<KeyValuePair<string, string?>> { new("PixArt:Denoiser:Weights", inputPath) };
            var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result, extra), new[]
            {
                new KeyValuePair<string, string?>("PixArt:Denoiser:Type", "pixart-transformer"),
                new KeyValuePair<string, string?>("PixArt:Denoiser:TimestepConditioning:Type", "adaln-single"),
                new KeyValuePair<string, string?>("PixArt:Denoiser:TextConditioning:Type", "cross-attention"),
            });
            using var host = CliHost.Build(configuration, baseDirectory, new[] { PipelineSlots.Denoiser.AsRequired() }, AutoDTypePolicy.Reproducible);
            var provider = host.Services;
            var activator = provider.GetRequiredService<ComponentActivator>();
            var selection = provider.GetRequiredService<ComponentSelections>().Get(PipelineSlots.Denoiser);
            var factory = activator.Factory<IDenoiserFactory>(selection);
            using var denoiser = factory.Create(activator.Context(selection));
            var written = factory.Save(denoiser, provider.GetRequiredService<IWeightStore>(), Path.GetFullPath(result.GetValue(output)!), target);
            Console.WriteLine($"{written}: {target.ToString().ToLowerInvariant()} layout");
            return CliErrors.Ok;
        }));
        return command;
    }
}
