using System.Globalization;

namespace BstChat.Bench.Driver;

/// <summary>The whole machine's 1-minute load average, so a figure taken on a shared machine says how busy it was.</summary>
internal static class MachineLoad
{
    /// <returns>The load average (Linux <c>/proc/loadavg</c>), or NaN where there is none.</returns>
    public static double OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }
}
