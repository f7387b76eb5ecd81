using System.Diagnostics;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Images;
using PixArt.Hosting.Model;
using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// Evaluates the loaded model on a prompt set: generates every prompt's images (seeds 0 … N−1, in batches of up to
/// <see cref="GenerationPlanner.MaxImages"/> images, each image equal to its single run), reads them with the classifier,
/// and scores alignment (top-1/top-5 against the prompt's class) and quality (Fréchet distance to the real training
/// images' features); the real held-out images give the ceiling of both. Generation goes through
/// <see cref="GenerationPlanner"/> and <see cref="GenerationService"/> exactly as <c>pixart generate</c> does.
/// </summary>
public sealed class ModelEvaluator(GenerationService generation, GenerationPlanner planner, ModelDescription model)
{
    /// <summary>One generation batch: its prompts and the checked plan that makes their images.</summary>
    /// <param name="Prompts">The prompts, in order; the plan makes <c>Seeds</c> images of each, one after the other.</param>
    /// <param name="Plan">The plan.</param>
    public sealed record Batch(IReadOnlyList<EvalPrompt> Prompts, GenerationPlan Plan);

    /// <summary>The result: the report and the grid image <c>[3, H, W]</c> in [0, 1] (owned by the caller).</summary>
    /// <param name="Report">Every number.</param>
    /// <param name="Grid">Rows of prompts, columns of seeds.</param>
    public sealed record Outcome(EvalReport Report, Tensor Grid) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => Grid.Dispose();
    }

    /// <summary>
    /// Plans every batch before any work (the model need not be loaded). Throws <see cref="GenerationRequestException"/> with
    /// every problem, fields named as in <see cref="GenerationRequest"/> (<c>Seed</c>s come from <see cref="EvalSettings.Seeds"/>).
    /// </summary>
    public IReadOnlyList<Batch> Plan(EvalPromptSet prompts, EvalSettings settings)
    {
        var seeds = settings.SeedList;
        var problems = new List<RequestProblem>();
        if (seeds.Count < 1 || seeds.Count > GenerationPlanner.MaxImages)
            problems.Add(new RequestProblem(nameof(GenerationRequest.ImagesPerPrompt), seeds.Count.ToString(), $"must be between 1 and {GenerationPlanner.MaxImages}"));
        else if (prompts.Prompts.Count * seeds.Count < 2)
            problems.Add(new RequestProblem(nameof(GenerationRequest.ImagesPerPrompt), seeds.Count.ToString(), "the Fréchet distance needs at least 2 generated images"));
        if (problems.Count > 0) throw new GenerationRequestException(problems);
        var perBatch = Math.Max(1, GenerationPlanner.MaxImages / seeds.Count);
        var classConditional = model.Denoiser.TextConditioning.NumClasses is not null;
        return prompts.Prompts.Chunk(perBatch).Select(chunk =>
        {
            var plan = planner.Plan(new GenerationRequest
            {
                // A class-conditional model (a stage-1 model) is asked for the prompt's class instead of its caption.
                Prompts = chunk.Select(p => classConditional ? p.ClassLabel.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Text).ToList(),
                ImagesPerPrompt = seeds.Count,
                Seed = 0,
                Steps = settings.Steps,
                GuidanceScale = settings.GuidanceScale,
                Width = settings.Size,
                Height = settings.Size,
            });
            // The planner numbers a request's images seed, seed + 1, …; every prompt here restarts at seed 0.
            return new Batch(chunk, plan with { Seeds = chunk.SelectMany(_ => seeds).ToList() });
        }).ToList();
    }

    /// <summary>
    /// Runs the evaluation. <paramref name="train"/> and <paramref name="heldOut"/> are the real images at the classifier's
    /// input size. Reports one progress update per phase and per batch; throws <see cref="OperationCanceledException"/>
    /// between batches (and between denoising steps) when cancelled.
    /// </summary>
    public Outcome Run(IReadOnlyList<Batch> batches, EvalContext context, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var classifier = context.Classifier;
        progress?.Report(new ProgressUpdate("real features", 0, 2));
        using var trainReadout = ClassifierReadout.Of(classifier, context.Train.Images, cancellationToken);
        progress?.Report(new ProgressUpdate("real features", 1, 2));
        using var heldOutReadout = ClassifierReadout.Of(classifier, context.HeldOut.Images, cancellationToken);
        progress?.Report(new ProgressUpdate("real features", 2, 2));
        using var trainStatistics = FeatureStatistics.Of(trainReadout.Features);
        using var heldOutStatistics = FeatureStatistics.Of(heldOutReadout.Features);
        var realAlignment = TopKAccuracy.Of(heldOutReadout.Logits, context.HeldOut.Labels);
        var realDistance = FrechetDistance.Between(trainStatistics, heldOutStatistics);
        var realSeconds = clock.Elapsed.TotalSeconds;

        var prompts = batches.SelectMany(b => b.Prompts).ToList();
        var gridPrompts = GridPrompts(prompts, context.Settings.GridRows);
        var gridImages = new Dictionary<EvalPrompt, Tensor>();
        var readouts = new List<ClassifierReadout>();
        string? dtype = null;
        try
        {
            var done = 0;
            progress?.Report(new ProgressUpdate("generate", 0, prompts.Count, "prompts"));
            foreach (var batch in batches)
            {
                var images = generation.Run(batch.Plan, null, cancellationToken);
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    dtype ??= images[0].Parameters.DType;
                    using var scope = NewDisposeScope();
                    var pixels = stack(images.Select(i => i.Pixels).ToList());          // [B, 3, H, W] in [0, 1]
                    var seeds = context.Settings.Seeds;
                    for (var p = 0; p < batch.Prompts.Count; p++)
                        if (gridPrompts.Contains(batch.Prompts[p]))
                            gridImages[batch.Prompts[p]] = pixels.narrow(0, p * seeds, seeds).clone().DetachFromDisposeScope();
                    readouts.Add(ClassifierReadout.Of(classifier, ClassifierInput.FromPixels(pixels, classifier.Shape.InputSize), cancellationToken));
                }
                finally
                {
                    foreach (var image in images) image.Dispose();
                }
                done += batch.Prompts.Count;
                progress?.Report(new ProgressUpdate("generate", done, prompts.Count, "prompts"));
            }
            var generationSeconds = clock.Elapsed.TotalSeconds - realSeconds;
            using var generated = ClassifierReadout.Concat(readouts);
            var report = Report(context, batches, prompts, generated, trainStatistics, realAlignment, realDistance, heldOutReadout.Logits.shape[0],
                realSeconds, generationSeconds, clock.Elapsed.TotalSeconds, dtype!);
            var grid = LabelledGrid.Draw(gridPrompts.Select(p => (RowLabel(p), gridImages[p])).ToList());
            return new Outcome(report, grid);
        }
        finally
        {
            foreach (var readout in readouts) readout.Dispose();
            foreach (var image in gridImages.Values) image.Dispose();
        }
    }

    private EvalReport Report(EvalContext context, IReadOnlyList<Batch> batches, IReadOnlyList<EvalPrompt> prompts, ClassifierReadout generated,
        FeatureStatistics trainStatistics, TopKAccuracy realAlignment, double realDistance, long heldOutImages, double realSeconds, double generationSeconds, double totalSeconds,
        string dtype)
    {
        using var scope = NewDisposeScope();
        var settings = context.Settings;
        var seeds = settings.Seeds;
        var perImage = prompts.SelectMany(p => Enumerable.Repeat(p, seeds)).ToList();
        var labels = tensor(perImage.Select(p => (long)p.ClassLabel).ToArray(), ScalarType.Int64);
        TopKAccuracy? Subset(Func<EvalPrompt, bool> keep)
        {
            var rows = perImage.Select((p, i) => (p, i)).Where(x => keep(x.p)).Select(x => (long)x.i).ToArray();
            if (rows.Length == 0) return null;
            var index = tensor(rows, ScalarType.Int64);
            return TopKAccuracy.Of(generated.Logits.index_select(0, index), labels.index_select(0, index));
        }
        using var generatedStatistics = FeatureStatistics.Of(generated.Features);
        var predicted = generated.Logits.argmax(1).data<long>().ToArray();
        var manifest = context.Manifest;
        var chance = TopKAccuracy.Chance(manifest.Classes.Count);
        return new EvalReport
        {
            Model = context.ModelFolder,
            ModelName = generation.Model.Name,
            Data = context.DataFolder,
            Classifier = new EvalClassifier(context.ClassifierFolder, manifest.Data.CaptionsSha256, manifest.Classes.Count, manifest.InputSize, manifest.FeatureWidth, manifest.HeldOutAccuracy),
            Generation = new EvalGeneration(settings.SeedList, settings.Steps, settings.GuidanceScale, settings.Size, batches[0].Plan.Sampler.TypeId, settings.HeldOutPrompts, dtype),
            Prompts = new EvalPromptCounts(prompts.Count, prompts.Count(p => !p.HeldOut), prompts.Count(p => p.HeldOut)),
            Chance = new EvalChance(manifest.Classes.Count, chance.Top1, chance.Top5),
            Generated = new EvalGeneratedScores(perImage.Count, TopKAccuracy.Of(generated.Logits, labels), Subset(p => !p.HeldOut), Subset(p => p.HeldOut),
                FrechetDistance.Between(trainStatistics, generatedStatistics)),
            RealHeldOut = new EvalRealScores((int)heldOutImages, realAlignment, realDistance),
            RealTrainImages = (int)trainStatistics.Count,
            Timing = new EvalTiming(Math.Round(realSeconds, 2), Math.Round(generationSeconds, 2), Math.Round(totalSeconds, 2),
                Math.Round(perImage.Count / Math.Max(1e-9, generationSeconds), 3)),
            PerPrompt = prompts.Select((p, i) => new EvalPromptResult(p.Text, p.ClassLabel, p.ClassName, p.HeldOut, p.Key,
                Enumerable.Range(0, seeds).Select(s => (int)predicted[i * seeds + s]).ToList())).ToList(),
        };
    }

    // The first rows/2 training prompts and the first rows/2 held-out ones (the other kind fills in when one runs short):
    // both lists run through the classes in order, so the rows show different classes.
    private static List<EvalPrompt> GridPrompts(IReadOnlyList<EvalPrompt> prompts, int rows)
    {
        var train = prompts.Where(p => !p.HeldOut).ToList();
        var heldOut = prompts.Where(p => p.HeldOut).ToList();
        var fromHeldOut = Math.Min(heldOut.Count, Math.Max(rows / 2, rows - train.Count));
        var fromTrain = Math.Min(train.Count, rows - fromHeldOut);
        return train.Take(fromTrain).Concat(heldOut.Take(fromHeldOut)).ToList();
    }

    // The grid font has no "|": a comma and a colon separate kind, class and prompt.
    private static string RowLabel(EvalPrompt prompt) => $"{(prompt.HeldOut ? "held-out" : "train")}, {prompt.ClassName}: {prompt.Text}";
}
