namespace PixArt.Plugins.MiniLM.Tokenization;

/// <summary>Token ids and mask of a batch, row-major <c>[Count, Length]</c>; <paramref name="Truncated"/> lists rows that lost pieces.</summary>
public sealed record TokenBatch(long[] Ids, long[] Mask, int Count, int Length, IReadOnlyList<int> Truncated);
