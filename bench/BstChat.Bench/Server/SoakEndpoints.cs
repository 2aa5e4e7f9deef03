using System.Diagnostics;

namespace BstChat.Bench.Server;

/// <summary><c>GET /bench/soak-sample</c>: what the soak scenario records each minute.</summary>
internal static class SoakEndpoints
{
    public static void Map(WebApplication app) =>
        app.MapGet("/bench/soak-sample", (RequestCounter counter, ChatGauges gauges) =>
        {
            // Queue and threads first: a blocking GC would let the queue build up behind it.
            var pending = ThreadPool.PendingWorkItemCount;
            var threads = ThreadPool.ThreadCount;
            var (waiting, typing) = gauges.Read();
            // Compacted, so the memory figures follow live data rather than when garbage was last collected.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            return new SoakSample(
                process.TotalProcessorTime.TotalSeconds, counter.Count, process.WorkingSet64, GC.GetTotalMemory(false),
                waiting, typing, pending, threads);
        });
}
