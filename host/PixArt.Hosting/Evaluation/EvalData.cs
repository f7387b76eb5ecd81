using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// The two splits an evaluation reads, as data set components configured under <c>PixArt:Eval</c> and created through the
/// plugin catalogue like every component: <c>PixArt:Eval:Train</c> (what the classifier and the model were trained on, the
/// reference of the Fréchet distance) and <c>PixArt:Eval:HeldOut</c> (emoji no model saw). <see cref="Keys"/> configures
/// both on an emoji-format folder; any key can be overridden (<c>--set PixArt:Eval:HeldOut:Split=test</c>). Owns the data sets.
/// </summary>
public sealed class EvalData : IDisposable
{
    /// <summary>The configuration section.</summary>
    public const string SectionPath = "PixArt:Eval";

    /// <summary>The training split's data set.</summary>
    public static readonly ComponentSlot TrainSlot = new($"{SectionPath}:Train", ComponentKind.Dataset, true);

    /// <summary>The held-out split's data set.</summary>
    public static readonly ComponentSlot HeldOutSlot = new($"{SectionPath}:HeldOut", ComponentKind.Dataset, true);

    /// <summary>Both slots.</summary>
    public static IReadOnlyList<ComponentSlot> Slots => [TrainSlot, HeldOutSlot];

    /// <summary>The data set type the keys select (plugin <c>folders</c>).</summary>
    public const string DatasetType = "image-folder";

    /// <summary>The split names of the emoji data set.</summary>
    public const string TrainSplit = "train", HeldOutSplit = "eval";

    private EvalData(IDataset train, IDataset heldOut, string folder, string trainSplit, string heldOutSplit)
    {
        Train = train;
        HeldOut = heldOut;
        Folder = folder;
        TrainSplitName = trainSplit;
        HeldOutSplitName = heldOutSplit;
    }

    /// <summary>The training split.</summary>
    public IDataset Train { get; }

    /// <summary>The held-out split.</summary>
    public IDataset HeldOut { get; }

    /// <summary>The data set folder (of the training split), absolute.</summary>
    public string Folder { get; }

    /// <summary>The training split's name.</summary>
    public string TrainSplitName { get; }

    /// <summary>The held-out split's name.</summary>
    public string HeldOutSplitName { get; }

    /// <summary>Class names by index (both splits have the same).</summary>
    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    /// <summary>Configuration keys selecting the <c>train</c> and <c>eval</c> splits of the emoji-format folder <paramref name="dataFolder"/>, with its <c>classes.json</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Keys(string dataFolder)
    {
        var full = Path.GetFullPath(dataFolder);
        foreach (var (slot, split) in new[] { (TrainSlot, TrainSplit), (HeldOutSlot, HeldOutSplit) })
        {
            yield return new($"{slot.Path}:Type", DatasetType);
            yield return new($"{slot.Path}:Path", full);
            yield return new($"{slot.Path}:Classes", "classes.json");
            yield return new($"{slot.Path}:Split", split);
        }
    }

    /// <summary>
    /// Opens both data sets from the host's configuration. Throws <see cref="ConfigurationException"/> with every problem,
    /// each under its key: a data set that cannot be opened, one without class names, splits whose class names differ.
    /// </summary>
    public static EvalData Open(IServiceProvider services)
    {
        var selections = services.GetRequiredService<ComponentSelections>();
        var activator = services.GetRequiredService<ComponentActivator>();
        var problems = new List<ConfigProblem>();
        IDataset? OpenOne(ComponentSlot slot)
        {
            var selection = selections.Get(slot);
            try
            {
                var data = activator.Factory<IDatasetFactory>(selection).Create(activator.Context(selection));
                if (data.ClassNames.Count >= 2) return data;
                problems.Add(new ConfigProblem($"{slot.Path}:Classes", selection.Section["Classes"],
                    $"the evaluation needs the data set's class names (at least 2, found {data.ClassNames.Count}): a classes.json in the data folder"));
                data.Dispose();
                return null;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                problems.Add(new ConfigProblem(slot.Path, null, e.Message));
                return null;
            }
        }
        var train = OpenOne(TrainSlot);
        var heldOut = OpenOne(HeldOutSlot);
        if (train is not null && heldOut is not null && !train.ClassNames.SequenceEqual(heldOut.ClassNames))
            problems.Add(new ConfigProblem($"{HeldOutSlot.Path}:Classes", selections.Get(HeldOutSlot).Section["Classes"], $"its class names differ from {TrainSlot.Path}'s"));
        if (problems.Count > 0)
        {
            train?.Dispose();
            heldOut?.Dispose();
            throw new ConfigurationException(problems);
        }
        var trainSelection = selections.Get(TrainSlot);
        var folder = activator.Context(trainSelection).ResolvePath(trainSelection.Section["Path"] ?? "");
        return new EvalData(train!, heldOut!, folder, trainSelection.Section["Split"] ?? "", selections.Get(HeldOutSlot).Section["Split"] ?? "");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        HeldOut.Dispose();
    }
}
