using PixArt.Hosting.Training;

namespace PixArt.Training.Tests;

/// <summary>
/// <c>CaptionClauseDropout</c>: which clauses a draw keeps, that a run with it trains on other captions than a run
/// without it and is reproduced by a resume, and that a class-label stage refuses it before any step.
/// </summary>
[Collection("training")]
public sealed class CaptionClauseDropoutTests
{
    private const string Caption = "grinning cat face with smiling eyes, twemoji style, smile cat, cat face, smileys and emotion";

    [Theory]
    [InlineData(new[] { 0.9f, 0.1f, 0.6f, 0.2f, 0.7f }, "grinning cat face with smiling eyes, smile cat, smileys and emotion")]
    [InlineData(new[] { 0.1f, 0.2f, 0.3f, 0.45f, 0.05f }, "cat face")] // all below 0.5: the largest draw's clause stays
    [InlineData(new[] { 0.1f, 0.9f }, "twemoji style, smile cat, cat face, smileys and emotion")] // clauses without a draw are kept
    public void Keeps_the_clauses_whose_draw_reaches_the_dropout(float[] draws, string expected) =>
        Assert.Equal(expected, CaptionClauses.Drop(Caption, draws, 0.5));

    [Fact]
    public void A_caption_of_one_clause_or_none_is_unchanged()
    {
        Assert.Equal("ghost", CaptionClauses.Drop("ghost", [0f, 0f], 0.5));
        Assert.Equal("", CaptionClauses.Drop("", [0f], 0.5));
        Assert.Equal(["a", "b"], CaptionClauses.Split(" a ,, b ,"));
    }

    [Fact]
    public void Changes_what_a_caption_stage_trains_on_and_resumes_bit_for_bit()
    {
        var folder = TinyExperiment.TempFolder("clauses");
        string Experiment(string name, double dropout)
        {
            var sub = Path.Combine(folder, name);
            Directory.CreateDirectory(sub);
            return TinyExperiment.Write(sub, [TinyExperiment.Stage("text-alignment", 4, 16, TinyExperiment.Dataset(), s => s["CaptionClauseDropout"] = dropout)]);
        }
        var plain = Path.Combine(folder, "plain-run");
        var dropped = Path.Combine(folder, "dropped-run");
        var withDropout = Experiment("dropped", 0.5);
        // "Plain" makes the same random draws but keeps every clause (a draw below 1e-9 is all but impossible), so what
        // differs between the runs is the captions alone.
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", Experiment("plain", 1e-9), "--output", plain).ExitCode);
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", withDropout, "--output", dropped).ExitCode);
        var without = TinyExperiment.Metrics(plain);
        var with = TinyExperiment.Metrics(dropped);
        Assert.NotEqual(without[4]["loss"]!.GetValue<double>(), with[4]["loss"]!.GetValue<double>());

        // The same run resumed from its step-2 checkpoint: steps 3 and 4 draw the same clauses again.
        var resumed = Path.Combine(folder, "resumed-run");
        TinyExperiment.CopyFolder(dropped, resumed);
        Directory.Delete(Path.Combine(resumed, "checkpoints", "step-00000004"), recursive: true);
        Directory.Delete(Path.Combine(resumed, "model"), recursive: true);
        var metrics = Path.Combine(resumed, "metrics.jsonl");
        File.WriteAllLines(metrics, File.ReadAllLines(metrics).Where(l => !l.Contains("\"global_step\":3", StringComparison.Ordinal) && !l.Contains("\"global_step\":4", StringComparison.Ordinal)));
        var rest = PixArtCli.Run("train", "--experiment", withDropout, "--output", resumed, "--resume");
        Assert.True(rest.ExitCode == 0, rest.Error);
        Assert.Contains("step-00000002", rest.Error);
        TinyExperiment.AssertSameTraining(dropped, resumed, ["loss", "grad_norm"]);
        Directory.Delete(folder, recursive: true);
    }
}
