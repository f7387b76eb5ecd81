namespace PixArt.Hosting.Configuration;

/// <summary>One configuration problem: the full key path, the offending value (when any) and what is allowed.</summary>
/// <param name="Path">Full key path, e.g. <c>PixArt:Sampler:Steps</c>.</param>
/// <param name="Value">The configured value, or null when the key is missing.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record ConfigProblem(string Path, string? Value, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Value is null ? $"{Path}: {Message}" : $"{Path} = '{Value}': {Message}";
}

/// <summary>All configuration problems found at start, reported together.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from the collected problems.</summary>
    public ConfigurationException(IReadOnlyList<ConfigProblem> problems)
        : base("invalid configuration:\n  " + string.Join("\n  ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }
}
