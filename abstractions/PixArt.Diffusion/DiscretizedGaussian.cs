using static TorchSharp.torch;

namespace PixArt.Diffusion;

/// <summary>The Gaussian KL and ADM's discretised Gaussian log-likelihood (bins of half-width 1/255, tanh CDF).</summary>
public static class DiscretizedGaussian
{
    /// <summary>KL(N(μ₁, e^{lv₁}) ‖ N(μ₂, e^{lv₂})), element-wise.</summary>
    public static Tensor NormalKl(Tensor mean1, Tensor logVar1, Tensor mean2, Tensor logVar2)
    {
        using var scope = NewDisposeScope();
        var kl = 0.5 * (-1.0 + logVar2 - logVar1 + (logVar1 - logVar2).exp() + (mean1 - mean2).pow(2) * (-logVar2).exp());
        return scope.MoveToOuter(kl);
    }

    /// <summary>Φ(x) ≈ ½(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public static Tensor ApproxStandardNormalCdf(Tensor x)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(0.5 * (1.0 + (Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * x.pow(3))).tanh()));
    }

    /// <summary>
    /// log P(x) of the bin around <paramref name="x"/> under N(<paramref name="means"/>, e^{2·log_scales}); the outer bins
    /// (x &lt; −0.999, x &gt; 0.999) extend to ±∞; logs clamp at 1e-12.
    /// </summary>
    public static Tensor LogLikelihood(Tensor x, Tensor means, Tensor logScales)
    {
        using var scope = NewDisposeScope();
        var centered = x - means;
        var invStd = (-logScales).exp();
        var cdfPlus = ApproxStandardNormalCdf(invStd * (centered + 1.0 / 255.0));
        var cdfMin = ApproxStandardNormalCdf(invStd * (centered - 1.0 / 255.0));
        var logCdfPlus = cdfPlus.clamp(min: 1e-12).log();
        var logOneMinusCdfMin = (1.0 - cdfMin).clamp(min: 1e-12).log();
        var logDelta = (cdfPlus - cdfMin).clamp(min: 1e-12).log();
        var result = where(x < -0.999, logCdfPlus, where(x > 0.999, logOneMinusCdfMin, logDelta));
        return scope.MoveToOuter(result);
    }
}
