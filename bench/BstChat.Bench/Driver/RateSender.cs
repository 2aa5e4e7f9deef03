using System.Collections.Concurrent;
using System.Diagnostics;

namespace BstChat.Bench.Driver;

/// <summary>Sends at a fixed total rate, round-robin over the rooms, without waiting for one send before the next.</summary>
internal static class RateSender
{
    /// <param name="acknowledgedAfter">When given, receives each send's round trip in milliseconds, so the delivery latency (which includes it) can be split.</param>
    /// <returns>How many sends were acknowledged.</returns>
    public static async Task<int> RunAsync(
        Func<int, CancellationToken, Task<bool>> send, int rooms, double perSecond, TimeSpan duration, ConcurrentBag<double>? acknowledgedAfter, CancellationToken cancellationToken)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var sends = new List<Task<bool>>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            sends.Add(TimedAsync(i % rooms));
        }

        var acknowledged = await Task.WhenAll(sends);
        return acknowledged.Count(a => a);

        async Task<bool> TimedAsync(int room)
        {
            var issued = Stopwatch.GetTimestamp();
            var ok = await send(room, cancellationToken);
            acknowledgedAfter?.Add(Stopwatch.GetElapsedTime(issued).TotalMilliseconds);
            return ok;
        }
    }
}
