using PixArt.Abstractions.Data;

namespace PixArt.Hosting.Evaluation;

/// <summary>One prompt of the evaluation: a data set emoji's caption, the class the image should show, and whether the
/// emoji is held out (never trained on).</summary>
/// <param name="Text">The prompt: the emoji's caption.</param>
/// <param name="ClassLabel">The emoji's class index.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="HeldOut">True for an emoji of the held-out split.</param>
/// <param name="Key">The emoji image's key in its data set.</param>
public sealed record EvalPrompt(string Text, int ClassLabel, string ClassName, bool HeldOut, string Key);

/// <summary>
/// The fixed prompt set of <c>pixart eval</c>, built from the data set alone, so every model evaluated on a data set sees
/// the same prompts: first, per class in class order, the first training-split image of that class with a caption (one
/// prompt per class: can the model draw what it was trained on?); then held-out images with captions, taken round-robin
/// over the classes (the first of each class in class order, then the second of each, …) in data set order within a
/// class, up to a cap (do captions of unseen emoji land in the right class?). Each prompt is the image's caption and its
/// class is the image's class.
/// </summary>
public sealed class EvalPromptSet
{
    /// <summary>Held-out prompts used when no cap is given: as many as the emoji set has classes.</summary>
    public const int DefaultHeldOutCap = 98;

    private EvalPromptSet(IReadOnlyList<EvalPrompt> prompts) => Prompts = prompts;

    /// <summary>The prompts: the training ones first, then the held-out ones.</summary>
    public IReadOnlyList<EvalPrompt> Prompts { get; }

    /// <summary>Number of held-out prompts.</summary>
    public int HeldOutCount => Prompts.Count(p => p.HeldOut);

    /// <summary>
    /// Builds the set from <paramref name="train"/> and <paramref name="heldOut"/> (same class names) with at most
    /// <paramref name="heldOutCap"/> held-out prompts. Throws <see cref="ArgumentException"/> when the cap is negative or
    /// no image of either split has a caption and a class.
    /// </summary>
    public static EvalPromptSet Build(IDataset train, IDataset heldOut, int heldOutCap = DefaultHeldOutCap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(heldOutCap);
        var names = train.ClassNames;
        var prompts = new List<EvalPrompt>();
        var firstPerClass = new SortedDictionary<int, DatasetItem>();
        foreach (var item in Usable(train))
            firstPerClass.TryAdd(item.ClassLabel!.Value, item);
        prompts.AddRange(firstPerClass.Values.Select(i => Prompt(i, names, heldOut: false)));

        var byClass = Usable(heldOut).GroupBy(i => i.ClassLabel!.Value).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var held = new List<EvalPrompt>();
        for (var round = 0; held.Count < heldOutCap && byClass.Any(c => c.Count > round); round++)
            foreach (var items in byClass)
                if (items.Count > round && held.Count < heldOutCap) held.Add(Prompt(items[round], names, heldOut: true));
        prompts.AddRange(held);
        if (prompts.Count == 0) throw new ArgumentException("no image of either split has both a caption and a class: nothing to prompt with");
        return new EvalPromptSet(prompts);
    }

    private static IEnumerable<DatasetItem> Usable(IDataset data) =>
        Enumerable.Range(0, data.Count).Select(data.Item)
            .Where(i => !string.IsNullOrWhiteSpace(i.Caption) && i.ClassLabel is { } c && c >= 0 && c < data.ClassNames.Count);

    private static EvalPrompt Prompt(DatasetItem item, IReadOnlyList<string> names, bool heldOut) =>
        new(item.Caption!, item.ClassLabel!.Value, names[item.ClassLabel.Value], heldOut, item.Key);
}
