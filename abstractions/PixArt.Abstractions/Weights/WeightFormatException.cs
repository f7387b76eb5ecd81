namespace PixArt.Abstractions.Weights;

/// <summary>A checkpoint could not be read or does not fit the model; the message names the file and the keys.</summary>
public sealed class WeightFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
