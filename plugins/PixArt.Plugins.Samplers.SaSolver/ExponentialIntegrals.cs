namespace PixArt.Plugins.Samplers.SaSolver;

/// <summary>
/// The scalar coefficients of SA-Solver's data-prediction update: integrals of e^{cλ}·λ^k over [λ_s, λ_t] with
/// c = 1 + τ², weighted by the Lagrange basis through the solver's nodes.
/// </summary>
internal static class ExponentialIntegrals
{
    /// <summary>∫_{start}^{end} e^{cλ} λ^k dλ in the closed form the reference uses (k = 0..3).</summary>
    public static double Positive(int k, double start, double end, double tau)
    {
        var c = 1 + tau * tau;
        var u = c * end;
        var v = c * start;
        var decay = Math.Exp(-(u - v));
        return k switch
        {
            0 => Math.Exp(u) * (1 - decay) / c,
            1 => Math.Exp(u) * ((u - 1) - (v - 1) * decay) / (c * c),
            2 => Math.Exp(u) * ((u * u - 2 * u + 2) - (v * v - 2 * v + 2) * decay) / (c * c * c),
            3 => Math.Exp(u) * ((u * u * u - 3 * u * u + 6 * u - 6) - (v * v * v - 3 * v * v + 6 * v - 6) * decay) / (c * c * c * c),
            _ => throw new ArgumentOutOfRangeException(nameof(k), k, "only powers 0..3 are supported"),
        };
    }

    /// <summary>
    /// Coefficients of the Lagrange basis polynomials through <paramref name="nodes"/>, highest power first:
    /// row i holds ℓ_i(λ) = Π_{m≠i} (λ − λ_m)/(λ_i − λ_m).
    /// </summary>
    public static double[][] Lagrange(IReadOnlyList<double> nodes)
    {
        var n = nodes.Count;
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var poly = new[] { 1.0 };   // highest power first
            var denominator = 1.0;
            for (var m = 0; m < n; m++)
            {
                if (m == i) continue;
                var next = new double[poly.Length + 1];
                for (var j = 0; j < poly.Length; j++)
                {
                    next[j] += poly[j];
                    next[j + 1] -= poly[j] * nodes[m];
                }
                poly = next;
                denominator *= nodes[i] - nodes[m];
            }
            rows[i] = poly.Select(p => p / denominator).ToArray();
        }
        return rows;
    }

    /// <summary>b_i = Σ_j ℓ[i][j]·E_{p−1−j}(λ_s, λ_t) for the p nodes.</summary>
    public static double[] Coefficients(IReadOnlyList<double> nodes, double lambdaS, double lambdaT, double tau)
    {
        var order = nodes.Count;
        var lagrange = Lagrange(nodes);
        var result = new double[order];
        for (var i = 0; i < order; i++)
            for (var j = 0; j < order; j++)
                result[i] += lagrange[i][j] * Positive(order - 1 - j, lambdaS, lambdaT, tau);
        return result;
    }
}
