namespace PixArt.Cli.Tests.Battery;

/// <summary>
/// One bad input of the battery: the minimal input (its display name, quoted as a user would type it), the arguments
/// (with <c>{root}</c>, <c>{model}</c>, <c>{out}</c> placeholders), what the one-line error must contain (the flag, key or
/// file and what is allowed), the files it needs, and whether it runs in a separate, memory-limited process.
/// </summary>
internal sealed record BadInput(string Kind, string Input, string[] Args, string[] Expected, Action<CaseFolder>? Setup = null, bool Subprocess = false)
{
    public override string ToString() => $"{Kind}: {Input}";
}
