using Microsoft.ML.OnnxRuntime;

namespace PixArt.Plugins.MiniLM.Model;

/// <summary>
/// A BERT-style ONNX graph run by ONNX Runtime on the CPU: <c>input_ids</c>, <c>attention_mask</c> and (when the graph has
/// it) <c>token_type_ids</c>, all int64 <c>[B, L]</c>, to <c>last_hidden_state</c> float32 <c>[B, L, H]</c>.
/// </summary>
internal sealed class OnnxEncoder : IDisposable
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";
    public const string LastHiddenState = "last_hidden_state";

    private static readonly string[] Outputs = { LastHiddenState };

    private readonly InferenceSession _session;
    private readonly bool _takesTokenTypes;

    private OnnxEncoder(InferenceSession session, bool takesTokenTypes, int hiddenSize)
    {
        _session = session;
        _takesTokenTypes = takesTokenTypes;
        HiddenSize = hiddenSize;
    }

    /// <summary>Width of <c>last_hidden_state</c> (all-MiniLM-L6-v2: 384).</summary>
    public int HiddenSize { get; }

    /// <summary>Opens <paramref name="source"/>'s graph and checks its inputs and outputs; <paramref name="key"/> names the option in messages.</summary>
    public static OnnxEncoder Load(ModelSource source, string key)
    {
        InferenceSession session;
        using var options = SessionOptionsForTorchThreads();
        try
        {
            session = source.OnnxPath is not null ? new InferenceSession(source.OnnxPath, options)
                : new InferenceSession(source.OnnxBytes ?? throw new InvalidOperationException("a model source needs a file or bytes"), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{key}: '{source.OnnxPath ?? source.Description}' is not a loadable ONNX model: {e.Message}", e);
        }
        try
        {
            return Check(session, source, key);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    // ONNX Runtime's defaults are a thread pool per core that spins after each run, competing with libtorch, which runs
    // the transformer right after an encode (every training step with clause dropout). The encoder uses libtorch's thread
    // count (PixArt:Runtime:Threads) instead, so one setting governs both, and its threads sleep when idle.
    private static SessionOptions SessionOptionsForTorchThreads()
    {
        var options = new SessionOptions { IntraOpNumThreads = Math.Max(1, TorchSharp.torch.get_num_threads()), InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private static OnnxEncoder Check(InferenceSession session, ModelSource source, string key)
    {
        var what = source.OnnxPath ?? source.Description;
        var inputs = session.InputMetadata;
        var unknown = inputs.Keys.Where(k => k is not (InputIds or AttentionMask or TokenTypeIds)).ToList();
        if (!inputs.ContainsKey(InputIds) || !inputs.ContainsKey(AttentionMask) || unknown.Count > 0)
            throw new InvalidDataException(
                $"{key}: '{what}' has inputs [{string.Join(", ", inputs.Keys)}]; a BERT encoder graph takes {InputIds}, {AttentionMask} and optionally {TokenTypeIds}");
        foreach (var (name, meta) in inputs)
            if (meta.ElementType != typeof(long))
                throw new InvalidDataException($"{key}: '{what}' input {name} is {meta.ElementType.Name}; int64 expected");
        if (!session.OutputMetadata.TryGetValue(LastHiddenState, out var output))
            throw new InvalidDataException(
                $"{key}: '{what}' has no {LastHiddenState} output (it has: {string.Join(", ", session.OutputMetadata.Keys)}); the token-level states are needed");
        if (output.ElementType != typeof(float) || output.Dimensions.Length != 3 || output.Dimensions[2] <= 0)
            throw new InvalidDataException(
                $"{key}: '{what}' {LastHiddenState} is {output.ElementType.Name} [{string.Join(", ", output.Dimensions)}]; float32 [batch, sequence, hidden] with a fixed hidden size expected");
        return new OnnxEncoder(session, inputs.ContainsKey(TokenTypeIds), output.Dimensions[2]);
    }

    /// <summary>Runs the graph on <paramref name="count"/> rows of <paramref name="length"/> tokens; returns <c>[count, length, HiddenSize]</c> row-major.</summary>
    public float[] Run(long[] ids, long[] mask, int count, int length)
    {
        var shape = new long[] { count, length };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _takesTokenTypes ? OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape) : null;
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal) { [InputIds] = idsValue, [AttentionMask] = maskValue };
        if (typesValue is not null) inputs[TokenTypeIds] = typesValue;
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, Outputs);
        var result = outputs[0];
        var dims = result.GetTensorTypeAndShape().Shape;
        if (dims.Length != 3 || dims[0] != count || dims[1] != length || dims[2] != HiddenSize)
            throw new InvalidDataException($"{LastHiddenState} came back [{string.Join(", ", dims)}], expected [{count}, {length}, {HiddenSize}]");
        return result.GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
