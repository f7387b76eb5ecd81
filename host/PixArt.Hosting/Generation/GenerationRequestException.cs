namespace PixArt.Hosting.Generation;

/// <summary>One problem of a request: the field (as <see cref="GenerationRequest"/> names it), its value and what is allowed.</summary>
/// <param name="Field">The request field, e.g. <c>Steps</c> or <c>SamplerOptions:Eta</c>.</param>
/// <param name="Value">The offending value, when there is one.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record RequestProblem(string Field, string? Value, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Value is null ? $"{Field}: {Message}" : $"{Field} = '{Value}': {Message}";
}

/// <summary>Every problem of a request, found before any work; front ends translate the fields into their own names.</summary>
public sealed class GenerationRequestException(IReadOnlyList<RequestProblem> problems)
    : Exception("invalid generation request:\n  " + string.Join("\n  ", problems))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<RequestProblem> Problems { get; } = problems;
}
