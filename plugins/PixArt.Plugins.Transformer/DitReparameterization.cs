using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// Stage 1 → stage 2 weight transfer (reference 7.3): from a class-conditional DiT-style model (any timestep conditioning,
/// e.g. <c>adaln-zero</c> + <c>class-label</c>) into a PixArt model with <c>adaln-single</c>. The backbone and the timestep
/// MLP are copied; <c>t_block</c> is zeroed and each block table is set to the source's modulation at one timestep with
/// a zero class vector, so block modulation equals the source's there: <c>E_i = W_i·SiLU(e_t) + b_i</c>,
/// <c>E_f = W_f·SiLU(e_t) + b_f − [e_t; e_t]</c>. The text conditioning is re-initialised (cross-attention output zeroed),
/// so at that timestep the PixArt model reproduces the source without a class.
/// </summary>
public static class DitReparameterization
{
    /// <summary>The timestep the paper matches the modulation at.</summary>
    public const float DefaultTimestep = 500;

    private const string Timestep = "timestep_conditioning.";
    private const string Text = "text_conditioning.";

    /// <summary>Transfers <paramref name="source"/> into <paramref name="target"/> (same backbone dimensions); throws naming mismatched keys.</summary>
    public static void Apply(DenoiserModule source, PixArtTransformer target, float timestep = DefaultTimestep)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var from = source.state_dict();
        var to = target.state_dict();
        string[] required = { Timestep + "t_block.weight", Timestep + "t_block.bias", Timestep + "final_scale_shift_table" };
        var absent = required.Where(k => !to.ContainsKey(k)).ToList();
        if (absent.Count > 0)
            throw new ArgumentException($"the target must use adaln-single timestep conditioning; it lacks {string.Join(", ", absent)}", nameof(target));

        var copied = to.Keys.Where(k => !k.StartsWith(Text, StringComparison.Ordinal)
            && (!k.StartsWith(Timestep, StringComparison.Ordinal) || k.StartsWith(Timestep + "t_embedder.", StringComparison.Ordinal))).ToList();
        var problems = copied.Where(k => !from.TryGetValue(k, out var s) || !s.shape.SequenceEqual(to[k].shape))
            .Select(k => from.TryGetValue(k, out var s)
                ? $"{k} [{string.Join(", ", s.shape)}] vs [{string.Join(", ", to[k].shape)}]"
                : $"{k} (absent in the source)").ToList();
        if (problems.Count > 0)
            throw new ArgumentException($"source and target backbones differ: {string.Join("; ", problems.Take(10))}", nameof(source));

        target.TextConditioning.InitializeWeights();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var key in copied) to[key].copy_(from[key]);
        to[Timestep + "t_block.weight"].zero_();
        to[Timestep + "t_block.bias"].zero_();

        var device = from.Values.First().device;
        var embedding = source.TimestepConditioning.Embed(full(1, timestep, ScalarType.Float32, device), new ConditionInput(), null);
        for (var i = 0; i < target.Info.Dimensions.Depth; i++)
            to[$"{Timestep}blocks.{i}.scale_shift_table"].copy_(source.TimestepConditioning.BlockModulation(embedding, i)[0]); // [6, C]
        var final = source.TimestepConditioning.FinalModulation(embedding)[0];                                              // [2, C]
        to[Timestep + "final_scale_shift_table"].copy_(final - embedding.Embedding[0].unsqueeze(0));
    }
}
