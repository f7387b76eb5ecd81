using System.Globalization;

namespace PixArt.Cli.Commands;

/// <summary>
/// The untimed runs before a benchmark's timed ones: at least <c>--warmup</c>; with <c>--steady</c>, more until the last
/// <see cref="Window"/> runs agree within <see cref="Tolerance"/> of their median (at most <see cref="MaxRuns"/> runs or
/// <see cref="MaxSteadySeconds"/> beyond <c>--warmup</c>, so a loaded machine or a slow model cannot keep it going for
/// hours). Early runs are slower while .NET compiles the hot paths, oneDNN creates its kernels and the allocator first asks
/// the system for memory: after 10 warm-up runs the tiny model's median forward was about twice its steady state on the
/// anchor's AMD machine and 14–21 % above it on the Intel development machine, with or without tiered compilation
/// (docs/performance.md, "JIT warm-up in the hot loop"), so a comparison needs the steady state.
/// </summary>
internal sealed class WarmupRuns(int minimum, bool untilSteady)
{
    /// <summary>How many of the latest runs must agree.</summary>
    public const int Window = 3;

    /// <summary>Their largest spread, (max − min) / median.</summary>
    public const double Tolerance = 0.05;

    /// <summary>The most warm-up runs <c>--steady</c> adds to the <c>--warmup</c> ones.</summary>
    public const int MaxRuns = 100;

    /// <summary>The most wall time, in seconds, <c>--steady</c> adds to the <c>--warmup</c> runs.</summary>
    public const int MaxSteadySeconds = 120;

    private readonly List<double> _milliseconds = [];

    private int Limit => minimum + MaxRuns;

    private double SteadySeconds => _milliseconds.Skip(minimum).Sum() / 1000;

    /// <summary>Whether another warm-up run is due.</summary>
    public bool NeedsMore => _milliseconds.Count < minimum
        || (untilSteady && !IsSteady && _milliseconds.Count < Limit && SteadySeconds < MaxSteadySeconds);

    /// <summary>Records one warm-up run's wall time.</summary>
    public void Add(double milliseconds) => _milliseconds.Add(milliseconds);

    /// <summary>Whether the last <see cref="Window"/> runs agree within <see cref="Tolerance"/>.</summary>
    public bool IsSteady => _milliseconds.Count >= Window && Spread <= Tolerance;

    private double Spread
    {
        get
        {
            var last = _milliseconds.TakeLast(Window).ToList();
            return (last.Max() - last.Min()) / BenchTimer.Median(last);
        }
    }

    /// <summary>One report line, e.g. <c>warm-up: 7 runs, steady (the last 3 within 2.1 %)</c>.</summary>
    public string Summary
    {
        get
        {
            var runs = $"warm-up: {_milliseconds.Count} run{(_milliseconds.Count == 1 ? "" : "s")}";
            if (!untilSteady) return runs;
            var spread = _milliseconds.Count >= Window ? (Spread * 100).ToString("F1", CultureInfo.InvariantCulture) + " %" : "too few runs";
            return IsSteady
                ? $"{runs}, steady (the last {Window} within {spread})"
                : $"{runs}, NOT steady (the last {Window}: {spread}; at most {Limit} runs or {MaxSteadySeconds} s more): the timed runs may still be warming up";
        }
    }
}
