using System.CommandLine;
using PixArt.Cli.Parsing;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Images;
using PixArt.Hosting.Training;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart train curves RUN... --out FILE.png</c>: the training curves of one or more run folders (their metrics.jsonl)
/// drawn into one PNG with ScottPlot: a line per run over the global step, and a dashed line where each of its stages
/// begins. For comparing the arms of an experiment (docs/training.md, the ablation).
/// </summary>
internal static class TrainCurvesCommand
{
    /// <summary>Metrics a curve can show (metrics.jsonl names).</summary>
    public static readonly IReadOnlyDictionary<string, Func<TrainingMetrics, double>> Metrics = new Dictionary<string, Func<TrainingMetrics, double>>
    {
        ["loss"] = m => m.Loss, ["mse"] = m => m.Mse, ["vb"] = m => m.Vb, ["grad_norm"] = m => m.GradNorm, ["lr"] = m => m.LearningRate,
    };

    private const int MaxRuns = 8;

    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = $"Run folders of pixart train (each with metrics.jsonl), 1 to {MaxRuns}.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "PNG file to write.", Required = true };
        var metric = new Option<string>("--metric") { Description = $"What to plot: {string.Join(", ", Metrics.Keys)}. [default: loss]", DefaultValueFactory = _ => "loss" };
        var smooth = CliValues.Int("--smooth", "Moving average over this many logged points (1: none). [default: 5]", 5);
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing file." };
        var linear = new Option<bool>("--linear") { Description = "A linear y axis (default: logarithmic, so late differences between runs show)." };
        var command = new Command("curves", "Draw the training curves (loss, mse, vb, grad_norm or lr over the global step) of run folders into one PNG, with each stage's start marked.");
        command.Arguments.Add(runs);
        foreach (var o in new Option[] { output, metric, smooth, overwrite, linear }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var folders = result.GetValue(runs)!;
            var file = Path.GetFullPath(result.GetValue(output)!);
            var name = result.GetValue(metric)!;
            var window = result.GetValue(smooth) ?? 5;
            var problems = new List<ConfigProblem>();
            if (folders.Length > MaxRuns) problems.Add(new ConfigProblem("runs", folders.Length.ToString(), $"at most {MaxRuns} run folders"));
            if (!Metrics.ContainsKey(name)) problems.Add(new ConfigProblem("--metric", name, $"allowed: {string.Join(", ", Metrics.Keys)}"));
            if (window is < 1 or > 1000) problems.Add(new ConfigProblem("--smooth", window.ToString(), "must be between 1 and 1000"));
            if (!file.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) problems.Add(new ConfigProblem("--out", file, "must name a .png file"));
            else if (File.Exists(file) && !result.GetValue(overwrite)) problems.Add(new ConfigProblem("--out", file, "exists; pass --overwrite to replace it"));
            var curves = new List<(string Label, IReadOnlyList<TrainingMetrics> Points)>();
            foreach (var folder in folders)
            {
                try
                {
                    var points = MetricsLog.Read(folder);
                    if (points.Count == 0) problems.Add(new ConfigProblem("runs", folder, "metrics.jsonl holds no complete line yet"));
                    curves.Add((Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))), points));
                }
                catch (FileNotFoundException e)
                {
                    problems.Add(new ConfigProblem("runs", folder, e.Message));
                }
            }
            if (problems.Count > 0) throw new ConfigurationException(problems);
            var png = Draw(curves, name, Metrics[name], window, logarithmic: !result.GetValue(linear));
            new ImageOutput([file], Path.GetDirectoryName(file)!).WriteAll([png]);
            Console.WriteLine($"wrote {file}");
            return CliErrors.Ok;
        }));
        return command;
    }

    private static byte[] Draw(IReadOnlyList<(string Label, IReadOnlyList<TrainingMetrics> Points)> curves, string name, Func<TrainingMetrics, double> value, int window, bool logarithmic)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var (label, points) = curves[i];
            var colour = palette.GetColor(i);
            var xs = points.Select(p => (double)p.GlobalStep).ToArray();
            var ys = MovingAverage(points.Select(value).ToArray(), window);
            // ScottPlot has no log axis: the values are plotted as log10 and the ticks labelled back (its documented recipe).
            if (logarithmic) ys = ys.Select(y => Math.Log10(Math.Max(y, 1e-12))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
            line.Color = colour;
            line.LineWidth = 2;
            // Each stage's first logged step (after the first stage), marked at the step before it.
            for (var p = 1; p < points.Count; p++)
            {
                if (points[p].Stage == points[p - 1].Stage) continue;
                var start = plot.Add.VerticalLine(points[p - 1].GlobalStep);
                start.Color = colour.WithAlpha(0.6);
                start.LinePattern = ScottPlot.LinePattern.Dashed;
                start.Text = points[p].Stage;

            }
        }
        if (logarithmic)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
            };
        }
        plot.Title(window > 1 ? $"{name} (moving average of {window} logged points)" : name);
        plot.XLabel("optimizer step");
        plot.YLabel(logarithmic ? $"{name} (log scale)" : name);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return plot.GetImageBytes(1000, 560, ScottPlot.ImageFormat.Png);
    }

    private static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
