using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>Options of the <c>class-label</c> conditioning.</summary>
public sealed class ClassLabelOptions
{
    /// <summary>Number of classes (ImageNet: 1000). The embedding table has one more row: the null class, index <c>NumClasses</c>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "NumClasses must be between 1 and 1000000")]
    public int NumClasses { get; set; } = 1000;
}
