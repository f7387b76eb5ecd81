using System.Globalization;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Prompts of a class-conditional model (a DiT, or a PixArt stage-1 model: class-label conditioning): each prompt is a class
/// index, <c>0</c> … <c>NumClasses − 1</c>, written as a decimal integer. Guidance uses the model's null class.
/// </summary>
public static class ClassPrompts
{
    /// <summary>The class index <paramref name="prompt"/> names, or null when it names none of <paramref name="classes"/> classes.</summary>
    public static int? Parse(string prompt, int classes) =>
        int.TryParse(prompt.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < classes ? index : null;

    /// <summary>What a prompt must be for a model of <paramref name="classes"/> classes.</summary>
    public static string Rule(int classes) =>
        $"this model is class-conditional: a prompt is a class index from 0 to {classes - 1}";
}
