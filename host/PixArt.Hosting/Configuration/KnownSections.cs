using Microsoft.Extensions.Configuration;

namespace PixArt.Hosting.Configuration;

/// <summary>The sections allowed directly under <c>PixArt</c>, so a misspelt section is reported instead of silently ignored.</summary>
public static class KnownSections
{
    /// <summary>Section names (add new ones here when a feature gains a section).</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "Runtime", "Plugins", "TextEncoder", "Denoiser", "Sampler", "Codec", "Generation", "Model", "Training", "Eval", "Server", "Data" };

    /// <summary>Reports every unknown <c>PixArt:*</c> section.</summary>
    public static void Check(IConfiguration configuration, ICollection<ConfigProblem> problems)
    {
        foreach (var section in configuration.GetSection("PixArt").GetChildren())
            if (!Names.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
                problems.Add(new ConfigProblem(section.Path, section.Value, $"unknown section; allowed: {string.Join(", ", Names)}"));
    }
}
