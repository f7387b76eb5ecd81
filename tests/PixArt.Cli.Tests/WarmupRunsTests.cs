using PixArt.Cli.Commands;

namespace PixArt.Cli.Tests;

/// <summary>How many warm-up runs a benchmark makes, with and without <c>--steady</c> (the run times are given, not measured).</summary>
public sealed class WarmupRunsTests
{
    private static WarmupRuns Feed(WarmupRuns runs, params double[] milliseconds)
    {
        foreach (var ms in milliseconds)
        {
            Assert.True(runs.NeedsMore, $"asked for no run before {ms} ms");
            runs.Add(ms);
        }
        return runs;
    }

    [Fact]
    public void Without_steady_it_makes_exactly_the_minimum()
    {
        var runs = Feed(new WarmupRuns(2, untilSteady: false), 900, 300);
        Assert.False(runs.NeedsMore);
        Assert.Equal("warm-up: 2 runs", runs.Summary);
        Assert.False(new WarmupRuns(0, untilSteady: false).NeedsMore);
    }

    [Fact]
    public void With_steady_it_continues_until_three_runs_agree_within_five_percent()
    {
        // A JIT-like start: slow, then falling, then three runs within 4 % of their median.
        var runs = Feed(new WarmupRuns(1, untilSteady: true), 250, 180, 130, 104, 101, 100);
        Assert.False(runs.NeedsMore);
        Assert.True(runs.IsSteady);
        Assert.Equal("warm-up: 6 runs, steady (the last 3 within 4.0 %)", runs.Summary);
    }

    [Fact]
    public void With_steady_it_still_makes_the_minimum_and_gives_up_after_the_maximum()
    {
        var minimum = Feed(new WarmupRuns(5, untilSteady: true), 100, 100, 100);
        Assert.True(minimum.NeedsMore);

        var noisy = new WarmupRuns(0, untilSteady: true);
        for (var i = 0; i < WarmupRuns.MaxRuns; i++) Feed(noisy, i % 2 == 0 ? 100 : 150);
        Assert.False(noisy.NeedsMore);
        Assert.False(noisy.IsSteady);
        Assert.StartsWith($"warm-up: {WarmupRuns.MaxRuns} runs, NOT steady", noisy.Summary);
    }

    [Fact]
    public void With_steady_a_large_warmup_still_gets_up_to_the_maximum_more_runs_and_the_report_names_the_limit()
    {
        const int warmup = 150;
        var noisy = new WarmupRuns(warmup, untilSteady: true);
        for (var i = 0; i < warmup; i++) Feed(noisy, i % 2 == 0 ? 100 : 150);
        Assert.True(noisy.NeedsMore); // --steady keeps going after the --warmup runs
        for (var i = 0; i < WarmupRuns.MaxRuns; i++) Feed(noisy, i % 2 == 0 ? 100 : 150);
        Assert.False(noisy.NeedsMore);
        Assert.EndsWith($"at most {warmup + WarmupRuns.MaxRuns} runs or {WarmupRuns.MaxSteadySeconds} s more): the timed runs may still be warming up", noisy.Summary);
    }

    [Fact]
    public void With_steady_slow_runs_stop_after_the_time_budget()
    {
        // 10 s runs that never agree: the budget of MaxSteadySeconds ends the extension long before MaxRuns.
        var slow = Feed(new WarmupRuns(2, untilSteady: true), 10_000, 10_000);
        var extra = 0;
        while (slow.NeedsMore) slow.Add(extra++ % 2 == 0 ? 16_000 : 10_000);
        Assert.InRange(extra * 13.0, WarmupRuns.MaxSteadySeconds - 16, WarmupRuns.MaxSteadySeconds + 16);
        Assert.Contains("NOT steady", slow.Summary);
    }
}
