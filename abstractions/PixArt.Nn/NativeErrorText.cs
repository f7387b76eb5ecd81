namespace PixArt.Nn;

/// <summary>
/// The readable part of an error raised by libtorch: TorchSharp passes its whole text on, C++ stack included
/// (<c>Exception raised from ...</c>, <c>frame #0: ...</c>), which means nothing to a user. This keeps the first meaningful
/// line, without the <c>[enforce fail at ...]</c> location prefix.
/// </summary>
public static class NativeErrorText
{
    /// <summary>The first line of <paramref name="message"/> that is not part of a native stack trace, trimmed.</summary>
    public static string FirstLine(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return "unknown error";
        var line = message.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.Length > 0 && !IsFrame(l)) ?? "unknown error";
        if (line.StartsWith("[enforce fail at", StringComparison.Ordinal) && line.IndexOf("] ", StringComparison.Ordinal) is var end and > 0)
            line = line[(end + 2)..].Trim();
        // "err == 0. DefaultCPUAllocator: ..." keeps the part after the failed condition.
        if (line.StartsWith("err == 0. ", StringComparison.Ordinal)) line = line["err == 0. ".Length..];
        return line;
    }

    /// <summary>Whether <paramref name="text"/> looks like it carries a native stack trace.</summary>
    public static bool HasNativeFrames(string? text) =>
        text is not null && (text.Contains("frame #", StringComparison.Ordinal) || text.Contains("Exception raised from", StringComparison.Ordinal));

    private static bool IsFrame(string line) =>
        line.StartsWith("frame #", StringComparison.Ordinal) || line.StartsWith("Exception raised from", StringComparison.Ordinal);
}
