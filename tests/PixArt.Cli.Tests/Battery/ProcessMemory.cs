using System.Text.RegularExpressions;

namespace PixArt.Cli.Tests.Battery;

/// <summary>
/// The process's resident memory from /proc: the current size and the peak since the last reset (writing 5 to
/// /proc/self/clear_refs resets the peak, Linux 4.0+), so a case's peak can be measured in-process.
/// </summary>
internal static partial class ProcessMemory
{
    public static bool Available => File.Exists("/proc/self/status") && File.Exists("/proc/self/clear_refs");

    public static long ResidentBytes => Read("VmRSS");

    public static long PeakBytes => Read("VmHWM");

    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Read(string field)
    {
        var match = Regex.Match(File.ReadAllText("/proc/self/status"), field + @":\s+(\d+) kB");
        return match.Success ? long.Parse(match.Groups[1].Value) * 1024 : 0;
    }
}
