namespace PixArt.Hosting.Generation;

/// <summary>The unconditional branch of classifier-free guidance.</summary>
public enum UnconditionalMode
{
    /// <summary>The learned null caption when the model has one, no negative prompt is given and its length matches the encoder's; else the negative prompt.</summary>
    Auto,

    /// <summary>Official PixArt: the model's learned null caption with the prompt's mask.</summary>
    LearnedNull,

    /// <summary>diffusers: the encoded negative prompt (<c>""</c> by default).</summary>
    NegativePrompt,

    /// <summary>No unconditional branch: guidance is off (scale ≤ 1). Only ever the resolved mode, never a request.</summary>
    None,
}

/// <summary>Names of <see cref="UnconditionalMode"/> as configuration, requests and PNG metadata write them.</summary>
public static class UnconditionalModes
{
    /// <summary>The names a request or configuration may use.</summary>
    public static readonly IReadOnlyList<string> Allowed = ["auto", "learned-null", "negative-prompt"];

    /// <summary>The kebab-case name.</summary>
    public static string Name(UnconditionalMode mode) => mode switch
    {
        UnconditionalMode.Auto => "auto",
        UnconditionalMode.LearnedNull => "learned-null",
        UnconditionalMode.NegativePrompt => "negative-prompt",
        _ => "none",
    };

    /// <summary>Parses one of <see cref="Allowed"/>; null otherwise.</summary>
    public static UnconditionalMode? Parse(string? value) => value switch
    {
        "auto" => UnconditionalMode.Auto,
        "learned-null" => UnconditionalMode.LearnedNull,
        "negative-prompt" => UnconditionalMode.NegativePrompt,
        _ => null,
    };
}
