using PixArt.Hosting.Evaluation;
using static TorchSharp.torch;

namespace PixArt.Evaluation.Tests;

/// <summary>The Fréchet distance and the statistics it compares, against closed forms.</summary>
public sealed class FrechetDistanceTests
{
    private static FeatureStatistics Gaussian(double[] mean, Tensor covariance)
    {
        using var m = tensor(mean, ScalarType.Float64);
        return new FeatureStatistics(m, covariance, 1000);
    }

    private static Tensor Diagonal(params double[] values)
    {
        using var v = tensor(values, ScalarType.Float64);
        return diag(v);
    }

    [Fact]
    public void IdenticalSetsAreAtDistanceZero()
    {
        using var features = randn([300, 16], ScalarType.Float32, generator: new Generator(3));
        using var a = FeatureStatistics.Of(features);
        using var b = FeatureStatistics.Of(features.clone());
        Assert.InRange(FrechetDistance.Between(a, b), 0, 1e-6);
    }

    [Fact]
    public void DiagonalCovariancesGiveTheAnalyticValue()
    {
        // With S1 = diag(a) and S2 = diag(b): FD = |μ1 − μ2|² + Σ (√a − √b)².
        double[] mean1 = [0.0, 1.0, -2.0], mean2 = [1.0, 1.0, 0.5];
        double[] var1 = [1.0, 4.0, 0.25], var2 = [9.0, 1.0, 0.25];
        using var s1 = Diagonal(var1);
        using var s2 = Diagonal(var2);
        using var a = Gaussian(mean1, s1);
        using var b = Gaussian(mean2, s2);
        var expected = mean1.Zip(mean2).Sum(m => (m.First - m.Second) * (m.First - m.Second))
            + var1.Zip(var2).Sum(v => Math.Pow(Math.Sqrt(v.First) - Math.Sqrt(v.Second), 2));
        Assert.Equal(1 + 6.25 + 4 + 1, expected, 12); // the numbers above, by hand
        Assert.Equal(expected, FrechetDistance.Between(a, b), 9);
        Assert.Equal(expected, FrechetDistance.Between(b, a), 9);
    }

    [Fact]
    public void RotatingBothGaussiansLeavesTheDistanceUnchanged()
    {
        // Q diag(a) Qᵀ against Q diag(b) Qᵀ with means Qμ: the same distance as unrotated, through non-diagonal square roots.
        using var q = linalg.qr(randn([4, 4], ScalarType.Float64, generator: new Generator(11))).Q;
        double[] mean1 = [1, 2, 3, 4], mean2 = [0, 2, 5, 4];
        double[] var1 = [2, 0.5, 3, 1], var2 = [1, 0.5, 0.1, 4];
        using var s1 = Diagonal(var1);
        using var s2 = Diagonal(var2);
        using var rotated1 = q.matmul(s1).matmul(q.t());
        using var rotated2 = q.matmul(s2).matmul(q.t());
        using var m1 = q.matmul(tensor(mean1, ScalarType.Float64));
        using var m2 = q.matmul(tensor(mean2, ScalarType.Float64));
        using var a = new FeatureStatistics(m1, rotated1, 10);
        using var b = new FeatureStatistics(m2, rotated2, 10);
        using var plainA = Gaussian(mean1, s1);
        using var plainB = Gaussian(mean2, s2);
        Assert.Equal(FrechetDistance.Between(plainA, plainB), FrechetDistance.Between(a, b), 9);
    }

    [Fact]
    public void SingularCovariancesGiveAFiniteDistance()
    {
        // Fewer vectors than features (the fixture's case): covariances of rank 4 in 32 dimensions.
        using var x = randn([5, 32], ScalarType.Float32, generator: new Generator(5));
        using var y = randn([5, 32], ScalarType.Float32, generator: new Generator(6)).add(1);
        using var a = FeatureStatistics.Of(x);
        using var b = FeatureStatistics.Of(y);
        var distance = FrechetDistance.Between(a, b);
        Assert.True(double.IsFinite(distance) && distance > 0, $"{distance}");
        Assert.InRange(FrechetDistance.Between(a, a), 0, 1e-6);
    }

    [Fact]
    public void SquareRootSquaresBack()
    {
        using var m = randn([6, 6], ScalarType.Float64, generator: new Generator(7));
        using var spd = m.matmul(m.t()).add(eye(6, dtype: ScalarType.Float64));
        using var root = FrechetDistance.SquareRoot(spd);
        Assert.True(root.matmul(root).allclose(spd, rtol: 1e-9, atol: 1e-9));
        Assert.True(root.allclose(root.t(), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void StatisticsAreTheMeanAndTheUnbiasedCovariance()
    {
        // x = (1, 2), (3, 4), (5, 0): mean (3, 2); deviations (−2, 0), (0, 2), (2, −2);
        // covariance / (N − 1 = 2): [[8, −4], [−4, 8]] / 2.
        using var features = tensor(new float[] { 1, 2, 3, 4, 5, 0 }, [3, 2]);
        using var stats = FeatureStatistics.Of(features);
        Assert.Equal(ScalarType.Float64, stats.Covariance.dtype);
        Assert.Equal(new[] { 3.0, 2.0 }, stats.Mean.data<double>().ToArray());
        Assert.Equal(new[] { 4.0, -2.0, -2.0, 4.0 }, stats.Covariance.data<double>().ToArray());
        Assert.Equal(3, stats.Count);
    }

    [Fact]
    public void RefusesWhatCannotBeCompared()
    {
        using var one = ones(1, 4);
        Assert.Throws<ArgumentException>(() => FeatureStatistics.Of(one));
        using var diverged = ones(3, 4);
        diverged[1, 2] = tensor(float.NaN);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => FeatureStatistics.Of(diverged)).Message);
        using var a = FeatureStatistics.Of(randn(10, 4));
        using var b = FeatureStatistics.Of(randn(10, 5));
        Assert.Throws<ArgumentException>(() => FrechetDistance.Between(a, b));
    }
}
