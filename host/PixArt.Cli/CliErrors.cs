using PixArt.Nn.Runtime;
using System.Runtime.InteropServices;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using PixArt.Nn;

namespace PixArt.Cli;

/// <summary>
/// Turns the framework's expected failures into one line per problem and an exit code, without stack traces (docs/cli.md):
/// 0 success, 1 an unexpected failure during the work (or a check that found problems: doctor, plugins list), 2 bad input
/// (arguments, configuration, model files, output location), 3 no usable runtime (libtorch, the device), 130 cancelled.
/// </summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int RuntimeUnavailable = 3;
    public const int Cancelled = 130;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            var inner = e.InnerExceptions[0];
            return Run(() => throw inner);
        }
        catch (ConfigurationException e)
        {
            if (e.Problems.Count == 1) Error(e.Problems[0].ToString());
            else
            {
                Console.Error.WriteLine($"error: invalid configuration ({e.Problems.Count} problems):");
                foreach (var p in e.Problems) Console.Error.WriteLine($"  {OneLine(p.ToString())}");
            }
            return BadInput;
        }
        catch (LibTorchException e)
        {
            Error(e.Message);
            return RuntimeUnavailable;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled: nothing was written");
            return Cancelled;
        }
        catch (Exception e) when (e is CliUsageException or WeightFormatException)
        {
            Error(e.Message);
            return BadInput;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or NotSupportedException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // Bad input found while loading components (missing files, malformed configs, shape mismatches): the message says it all.
            Error(e.Message);
            if (Debugging) Console.Error.WriteLine(e);
            return BadInput;
        }
        catch (ExternalException e) when (!Debugging)
        {
            // libtorch failed during the work (out of memory, an unsupported operation): its first line, not its C++ stack.
            Error($"libtorch: {NativeErrorText.FirstLine(e.Message)} (set {DebugVariable}=1 for the details)");
            return Failure;
        }
        catch (OutOfMemoryException e) when (!Debugging)
        {
            Error($"out of memory: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (!Debugging)
        {
            Error($"unexpected {e.GetType().Name}: {NativeErrorText.FirstLine(e.Message)} (set {DebugVariable}=1 for the stack trace)");
            return Failure;
        }
    }

    /// <summary>Prints <paramref name="message"/> as one line: native frames dropped, control characters escaped.</summary>
    public static void Error(string message) => Console.Error.WriteLine($"error: {OneLine(message)}");

    /// <summary>One printable line: a native stack is cut, line breaks of multi-part messages become "; ", control characters are escaped.</summary>
    public static string OneLine(string message)
    {
        if (NativeErrorText.HasNativeFrames(message))
        {
            var markers = new[] { "Exception raised from", "frame #" }.Select(m => message.IndexOf(m, StringComparison.Ordinal)).Where(i => i >= 0);
            message = message[..markers.Min()];
        }
        var parts = message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        return TerminalText.Escape(string.Join("; ", parts).Replace(":;", ":", StringComparison.Ordinal));
    }

    /// <summary>Environment variable that makes unexpected errors print their stack trace.</summary>
    public const string DebugVariable = "PIXART_DEBUG";

    private static bool Debugging => Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true";
}

/// <summary>A usage error in a command's arguments; printed as one line.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message) : base(message) { }
}
