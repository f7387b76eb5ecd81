using PixArt.Abstractions.Weights;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli;

/// <summary>Turns the framework's expected failures into one-line (or one-per-problem) messages and exit codes, without stack traces.</summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadConfiguration = 2;
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
            if (e.Problems.Count == 1) Console.Error.WriteLine($"error: {e.Problems[0]}");
            else
            {
                Console.Error.WriteLine($"error: invalid configuration ({e.Problems.Count} problems):");
                foreach (var p in e.Problems) Console.Error.WriteLine($"  {p}");
            }
            return BadConfiguration;
        }
        catch (LibTorchException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return RuntimeUnavailable;
        }
        catch (WeightFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Failure;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled: nothing was written");
            return Cancelled;
        }
        catch (CliUsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadConfiguration;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            // Bad input found while loading components (missing files, malformed configs, shape mismatches): the message says it all.
            Console.Error.WriteLine($"error: {e.Message}");
            if (Debugging) Console.Error.WriteLine(e);
            return Failure;
        }
        catch (Exception e) when (!Debugging)
        {
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message} (set {DebugVariable}=1 for the stack trace)");
            return Failure;
        }
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
