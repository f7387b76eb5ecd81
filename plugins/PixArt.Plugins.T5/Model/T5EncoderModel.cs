using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>
/// T5 v1.1 encoder with Hugging Face <c>T5EncoderModel</c> key names (<c>encoder.block.{i}.layer.0.SelfAttention.q.weight</c>, ...).
/// Input ids <c>[B, L]</c> and mask <c>[B, L]</c> → <c>last_hidden_state</c> <c>[B, L, d_model]</c> in the weight dtype.
/// </summary>
public sealed class T5EncoderModel : nn.Module<Tensor, Tensor, Tensor>
{
    private const string EmbedKey = "encoder.embed_tokens.weight";
    private const string SharedKey = "shared.weight";
    private readonly T5Stack encoder;

    /// <summary>Allocates an (uninitialised) encoder for <paramref name="config"/> in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public T5EncoderModel(T5Config config, ScalarType dtype, Device device) : base(nameof(T5EncoderModel))
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        encoder = new T5Stack(config, dtype, device);
        RegisterComponents();
    }

    /// <summary>The configuration the encoder was built from.</summary>
    public T5Config Config { get; }

    /// <summary>
    /// Builds the encoder and loads <paramref name="weights"/> strictly: every tensor must be present with the right shape
    /// and nothing else may be there (missing and unexpected keys are reported together, naming the source). The token
    /// embedding comes from <c>encoder.embed_tokens.weight</c> when the checkpoint has it, else from the tied <c>shared.weight</c>.
    /// </summary>
    public static T5EncoderModel Load(T5Config config, IWeightSource weights, ScalarType dtype, Device device)
    {
        var model = new T5EncoderModel(config, dtype, device);
        try
        {
            model.eval();
            ModuleWeights.LoadStrict(model, weights, KeyMap(model, weights.Keys));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Identity for every module key; the embedding from <c>embed_tokens</c> or <c>shared</c> (the other one dropped).</summary>
    private static WeightKeyMap KeyMap(T5EncoderModel model, IReadOnlyCollection<string> sourceKeys)
    {
        var map = new WeightKeyMap();
        foreach (var key in model.state_dict().Keys)
            if (key != EmbedKey) map.Rename(key, key);
        if (sourceKeys.Contains(EmbedKey)) map.Rename(EmbedKey, EmbedKey).Ignore(SharedKey);
        else map.Rename(SharedKey, EmbedKey);
        return map;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor ids, Tensor mask) => encoder.forward(ids, mask); // [B, L] → [B, L, C]
}
