using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;

namespace PixArt.Hosting.Training;

/// <summary>
/// Writes trained weights as a model folder that <c>pixart generate --model DIR</c> loads alone: <c>transformer/</c> (the
/// weights in the official layout, which keeps the learned null caption the model was trained to guide with, plus a
/// <c>config.json</c>), <c>model_index.json</c> whose <c>pixart</c> section names the components by plugin id with their
/// options (denoiser conditioning, text encoder, codec, sampler defaults; folders they use are copied in), and
/// <c>scheduler/scheduler_config.json</c>. <c>pixart convert</c> gives the diffusers layout when wanted.
/// </summary>
public static class ModelExport
{
    /// <summary>The sections of the configuration the exported model carries.</summary>
    private static readonly string[] Sections = [PipelineSlots.Denoiser.Path, PipelineSlots.TextEncoder.Path, PipelineSlots.Codec.Path, PipelineSlots.Sampler.Path];

    /// <summary>
    /// Writes <paramref name="model"/> into <paramref name="folder"/> (replaced atomically), with the components of
    /// <paramref name="configuration"/> (the stage's); <paramref name="extraFiles"/> (licences) are copied to the top.
    /// </summary>
    public static void Write(string folder, DenoiserModule model, IDenoiserFactory factory, IWeightStore store, IConfiguration configuration,
        string name, string baseDirectory, IEnumerable<string> extraFiles)
    {
        var full = Path.GetFullPath(folder);
        var temp = full + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            factory.Save(model, store, Path.Combine(temp, "transformer"), CheckpointLayout.Official);
            var overlay = Overlay(configuration, temp, baseDirectory);
            overlay["Model"] = new JsonObject { ["Name"] = name };
            var index = new JsonObject
            {
                ["_class_name"] = "PixArtAlphaPipeline",
                ["transformer"] = new JsonArray("pixart", "PixArtTransformer"),
                ["scheduler"] = new JsonArray("diffusers", "DPMSolverMultistepScheduler"),
                ["pixart"] = overlay,
            };
            File.WriteAllText(Path.Combine(temp, ModelFolder.IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Directory.CreateDirectory(Path.Combine(temp, "scheduler"));
            File.WriteAllText(Path.Combine(temp, "scheduler", "scheduler_config.json"), """
                {
                  "_class_name": "DPMSolverMultistepScheduler",
                  "algorithm_type": "dpmsolver++",
                  "beta_start": 0.0001,
                  "beta_end": 0.02,
                  "beta_schedule": "linear",
                  "num_train_timesteps": 1000,
                  "solver_order": 2,
                  "prediction_type": "epsilon"
                }

                """);
            foreach (var file in extraFiles.Where(File.Exists)) File.Copy(file, Path.Combine(temp, Path.GetFileName(file)), overwrite: true);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.Move(temp, full);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    // The configuration's component sections as the pixart section of model_index.json: the denoiser's weights point at
    // transformer/, and a folder a component reads (Path, TokenizerPath) is copied under the component's name.
    private static JsonObject Overlay(IConfiguration configuration, string folder, string baseDirectory)
    {
        var root = new JsonObject();
        foreach (var path in Sections)
        {
            var section = configuration.GetSection(path);
            if (!section.Exists()) continue;
            var node = new JsonObject();
            foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var text = value!;
                if (path == PipelineSlots.Denoiser.Path && key == "Weights") continue;
                if (key is "Path" or "TokenizerPath" && Directory.Exists(Path.GetFullPath(Path.Combine(baseDirectory, text))))
                    text = CopyFolder(Path.GetFullPath(Path.Combine(baseDirectory, text)), folder, FolderName(section.Key, key));
                Set(node, key.Split(':'), text);
            }
            root[section.Key] = node;
        }
        if (root[PipelineSlots.Denoiser.Path.Split(':')[1]] is JsonObject denoiser) denoiser["Weights"] = "transformer";
        return root;
    }

    // The folder names of a diffusers pipeline, so the export reads like one.
    private static string FolderName(string section, string key) => (section, key) switch
    {
        ("TextEncoder", "Path") => "text_encoder",
        ("TextEncoder", "TokenizerPath") => "tokenizer",
        ("Codec", "Path") => "vae",
        _ => $"{section.ToLowerInvariant()}-{key.ToLowerInvariant()}",
    };

    private static string CopyFolder(string source, string folder, string name)
    {
        var target = Path.Combine(folder, name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return name;
    }

    private static void Set(JsonObject node, string[] path, string value)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (node[path[i]] is not JsonObject child) node[path[i]] = child = new JsonObject();
            node = child;
        }
        node[path[^1]] = value;
    }
}
