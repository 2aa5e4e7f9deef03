using System.Diagnostics;
using System.Globalization;

namespace BstChat.Bench.Driver;

/// <summary>
/// A message's text is the driver's monotonic timestamp when the send was issued, so any
/// receiver in the driver process can tell the delivery latency.
/// </summary>
internal static class SendStamp
{
    public static string Now() => Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

    public static double? LatencyMs(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sent)
            ? Stopwatch.GetElapsedTime(sent).TotalMilliseconds
            : null;
}
