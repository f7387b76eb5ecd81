using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Tests.Generation;

// Sequential: the tensor-leak check counts the thread's live tensors.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DenoisingLoopCollection
{
    public const string Name = "denoising-loop";
}

[Collection(DenoisingLoopCollection.Name)]
public sealed class DenoisingLoopTests
{
    [Fact]
    public void GuidedRunCallsModelOnceOnDoubledBatchPerStep()
    {
        using var sampler = new RecordingSampler(3, learnedVariance: false);
        using var latents = ones(2, 4, 2, 2);
        var batches = new List<long>();
        var progress = new List<ProgressUpdate>();
        using var result = DenoisingLoop.Run(sampler, latents, (x, t) =>
        {
            batches.Add(x.shape[0]);
            // uncond half 0, cond half 1, plus 8 channels to check trimming.
            var half = x.shape[0] / 2;
            return cat([zeros(half, 8, 2, 2), ones(half, 8, 2, 2)], 0);
        }, guidanceScale: 4.5, epsChannels: 4, sampler.UsesLearnedVariance, new SyncProgress(progress), CancellationToken.None);

        Assert.Equal(new long[] { 4, 4, 4 }, batches);
        Assert.All(sampler.StepOutputs, o => Assert.Equal(new long[] { 2, 4, 2, 2 }, o.Shape));
        Assert.All(sampler.StepOutputs, o => Assert.Equal(4.5f, o.Value));   // 0 + 4.5·(1 − 0)
        Assert.Equal(new[] { 1, 2, 3 }, progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.Equal(3, p.Total));
        Assert.False(latents.IsInvalid);
    }

    [Fact]
    public void ScaleOneSkipsUnconditionalPassAndKeepsVarianceForLearnedSigmaSamplers()
    {
        using var sampler = new RecordingSampler(2, learnedVariance: true);
        using var latents = ones(2, 4, 2, 2);
        var batches = new List<long>();
        using var result = DenoisingLoop.Run(sampler, latents, (x, t) => { batches.Add(x.shape[0]); return ones(x.shape[0], 8, 2, 2); },
            guidanceScale: 1.0, epsChannels: 4, sampler.UsesLearnedVariance, null, CancellationToken.None);
        Assert.Equal(new long[] { 2, 2 }, batches);
        Assert.All(sampler.StepOutputs, o => Assert.Equal(8, o.Shape[1]));
    }

    [Fact]
    public void ScaleOneTrimsVarianceForEpsSamplers()
    {
        using var sampler = new RecordingSampler(2, learnedVariance: false);
        using var latents = ones(1, 4, 2, 2);
        using var result = DenoisingLoop.Run(sampler, latents, (x, t) => ones(x.shape[0], 8, 2, 2), 0.0, 4, false, null, CancellationToken.None);
        Assert.All(sampler.StepOutputs, o => Assert.Equal(4, o.Shape[1]));
    }

    [Fact]
    public void CancellationStopsBetweenSteps()
    {
        using var sampler = new RecordingSampler(5, learnedVariance: false);
        using var latents = ones(1, 4, 2, 2);
        using var cts = new CancellationTokenSource();
        var calls = 0;
        Assert.Throws<OperationCanceledException>(() => DenoisingLoop.Run(sampler, latents, (x, t) =>
        {
            if (++calls == 2) cts.Cancel();
            return zeros(x.shape[0], 4, 2, 2);
        }, 1.0, 4, false, null, cts.Token));
        Assert.Equal(2, calls);
        Assert.False(latents.IsInvalid);
    }

    [Fact]
    public void RunKeepsOnlyTheResultAlive()
    {
        using (var warm = new RecordingSampler(2, false))
        using (var l = ones(2, 4, 2, 2))
            DenoisingLoop.Run(warm, l, (x, t) => zeros(x.shape[0], 8, 2, 2), 4.5, 4, false, null, CancellationToken.None).Dispose();
        using var latents = ones(2, 4, 2, 2);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var sampler = new RecordingSampler(6, learnedVariance: false))
        {
            var result = DenoisingLoop.Run(sampler, latents, (x, t) => zeros(x.shape[0], 8, 2, 2), 4.5, 4, false, null, CancellationToken.None);
            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            result.Dispose();
        }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void RequiresSetTimesteps()
    {
        using var sampler = new RecordingSampler(0, false);
        using var latents = ones(1, 4, 2, 2);
        var error = Assert.Throws<InvalidOperationException>(() => DenoisingLoop.Run(sampler, latents, (x, t) => x.alias(), 1, 4, false, null, CancellationToken.None));
        Assert.Contains("SetTimesteps", error.Message);
    }

    private sealed class SyncProgress(List<ProgressUpdate> sink) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => sink.Add(value);
    }

    // A sampler that records what Step receives and returns sample − 0.1·mean(ε).
    private sealed class RecordingSampler(int steps, bool learnedVariance) : ISampler
    {
        public List<(long[] Shape, float Value)> StepOutputs { get; } = new();
        public int Order => 1;
        public float InitNoiseSigma => 1f;
        public IReadOnlyList<float> Timesteps { get; } = Enumerable.Range(0, steps).Select(i => 900f - 100f * i).ToArray();
        public bool UsesLearnedVariance => learnedVariance; // what its factory would describe
        public void SetTimesteps(int inferenceSteps) { }
        public Tensor ScaleModelInput(Tensor sample, float timestep) => sample.alias();
        public Tensor Step(Tensor modelOutput, float timestep, Tensor sample)
        {
            StepOutputs.Add((modelOutput.shape, modelOutput.narrow(1, 0, 1).mean().item<float>()));
            return sample - 0.1 * modelOutput.narrow(1, 0, 4).mean();
        }
        public Tensor AddNoise(Tensor clean, Tensor noise, Tensor timesteps) => clean.alias();
        public void Dispose() { }
    }
}
