namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>
/// A problem building the emoji dataset that the user can act on (npm missing, registry unreachable, a package that does
/// not look as expected, an output folder in the way). <see cref="Exception.Message"/> is one line saying what happened
/// and what to do; callers print it without a stack trace.
/// </summary>
public sealed class EmojiDataException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public EmojiDataException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and the underlying cause.</summary>
    public EmojiDataException(string message, Exception innerException) : base(message, innerException) { }
}
