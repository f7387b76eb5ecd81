namespace PixArt.Nn.Runtime;

/// <summary>libtorch could not be found or loaded; the message says what was tried and how to fix it.</summary>
public sealed class LibTorchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibTorchException(string message, Exception? inner = null) : base(message, inner) { }
}
