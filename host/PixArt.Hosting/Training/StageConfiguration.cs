using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Training;
using PixArt.Hosting.Composition;

namespace PixArt.Hosting.Training;

/// <summary>
/// The configuration one stage's denoiser is composed from: the experiment's configuration with the denoiser's
/// conditioning replaced by the stage's (its plugin's choice, or the stage's own <c>TimestepConditioning</c>/<c>TextConditioning</c>
/// sections when configured), the sample size of the stage's resolution, and no weights (a stage starts from the transfer).
/// </summary>
public static class StageConfiguration
{
    /// <summary>The stage's configuration; <paramref name="sampleSize"/> is the latent side at the stage's resolution.</summary>
    public static IConfiguration Compose(IConfiguration experiment, int stageIndex, TrainingStage stage, int sampleSize)
    {
        var denoiser = PipelineSlots.Denoiser.Path;
        var stagePath = TrainingSlots.StagePath(stageIndex);
        string Child(string name) => $"{denoiser}:{name}";
        var replaced = new[] { Child(TrainingSlots.TimestepConditioningChild), Child(TrainingSlots.TextConditioningChild), Child("Weights"), Child("SampleSize") };
        var values = experiment.AsEnumerable()
            .Where(kv => kv.Value is not null && !replaced.Any(r => kv.Key.Equals(r, StringComparison.OrdinalIgnoreCase)
                                                                    || kv.Key.StartsWith(r + ":", StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        Add(values, experiment, stagePath, TrainingSlots.TimestepConditioningChild, stage.TimestepConditioning, Child(TrainingSlots.TimestepConditioningChild));
        Add(values, experiment, stagePath, TrainingSlots.TextConditioningChild, stage.TextConditioning, Child(TrainingSlots.TextConditioningChild));
        values[Child("SampleSize")] = sampleSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    // The stage's own section when configured, else the stage plugin's choice.
    private static void Add(Dictionary<string, string?> values, IConfiguration experiment, string stagePath, string child, ComponentChoice choice, string target)
    {
        var configured = experiment.GetSection($"{stagePath}:{child}");
        if (configured.Exists())
        {
            foreach (var (key, value) in configured.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null))
                values[$"{target}:{key}"] = value;
            return;
        }
        values[$"{target}:Type"] = choice.Type;
        foreach (var (key, value) in choice.Options) values[$"{target}:{key}"] = value;
    }
}
