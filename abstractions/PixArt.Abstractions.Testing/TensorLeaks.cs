using TorchSharp;
using Xunit;

namespace PixArt.Abstractions.Testing;

/// <summary>The leak check of the conformance kits: live tensors on this thread before and after running some work twice.</summary>
public static class TensorLeaks
{
    /// <summary>
    /// Runs <paramref name="work"/> once (lazily created state: caches, kernels, schedules), then counts this thread's live
    /// tensors, runs it twice more, and fails naming <paramref name="what"/> when more are alive than before. Call it from
    /// a test in a sequential collection: the count is per thread and sees any tensor another test creates there.
    /// </summary>
    public static void AssertNone(Action work, string what)
    {
        work();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        work();
        work();
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(after <= before, $"{after - before} tensors leaked over two {what}");
    }
}
