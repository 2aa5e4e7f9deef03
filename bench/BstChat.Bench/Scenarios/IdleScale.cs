using System.Collections.Concurrent;
using System.Diagnostics;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 2 at scale: 50,000 held long-polls (5,000 with <c>--quick</c>) against a bare Kestrel
/// hold of as many, then one message to every conversation, all sent at once: what the held
/// requests cost, and how long until every one of them is answered. Clients connect from several
/// loopback addresses (<see cref="LoopbackSources"/>), and both processes raise their open-file
/// limit (<see cref="FileDescriptorLimit"/>).
/// </summary>
internal static class IdleScale
{
    private const string Name = "2 idle at scale";
    private const string Prefix = "scale";
    private const int ListenersPerRoom = 100;
    private const int ConcurrentSenders = 64;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(BenchSizes sizes, bool quick, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        // BSTCHAT_BENCH_IDLE_SCALE_CLIENTS (e.g. "20000") runs another count than the preset's.
        var clients = Environment.GetEnvironmentVariable("BSTCHAT_BENCH_IDLE_SCALE_CLIENTS") is { Length: > 0 } count
            ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)
            : quick ? 5_000 : 50_000;
        var rooms = (clients + ListenersPerRoom - 1) / ListenersPerRoom;
        var files = FileDescriptorLimit.Raise((ulong)clients + 10_000);
        if (files < (ulong)clients + 1_000)
        {
            // Raising the hard limit needs CAP_SYS_RESOURCE; a container without it stops at its hard limit.
            throw new InvalidOperationException(
                $"The open-file limit is {files} and this process may not raise it; {clients} held connections need more. "
                + $"Run where the limit may be raised, or set BSTCHAT_BENCH_IDLE_SCALE_CLIENTS below {files - 1_000}.");
        }

        var sources = LoopbackSources.For(clients + 1_000);
        Console.WriteLine($"Scenario {Name}: {clients} clients in {rooms} conversations of {ListenersPerRoom}, {store.Name()} store, "
            + $"from {sources.Addresses} loopback addresses, open-file limit {files}");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        // Member ListenersPerRoom of each room only sends, so every listener gets exactly one message.
        await server.SetUpRoomsAsync(Prefix, rooms, ListenersPerRoom + 1, cancellationToken);
        using var http = new BenchHttp(server.BaseAddress, sources.ConnectAsync);
        var members = Enumerable.Range(0, clients)
            .Select(i => ($"{Prefix}-{i / ListenersPerRoom}", $"{Prefix}-{i / ListenersPerRoom}-{i % ListenersPerRoom}"))
            .ToList();

        var bareLabel = $"{clients} clients, bare Kestrel hold";
        Console.WriteLine($"  {bareLabel}");
        var baseline = await server.StatsAsync(collectGarbage: true, cancellationToken);
        double bareKb;
        var holders = new BareHoldClients(http);
        await using (holders)
        {
            await holders.StartAsync(clients, cancellationToken);
            bareKb = await MeasureHeldAsync(bareLabel, baseline, () => holders.Errors);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var label = $"{clients} clients, long-poll";
        Console.WriteLine($"  {label}");
        baseline = await server.StatsAsync(collectGarbage: true, cancellationToken);
        var recorder = new LatencyRecorder();
        var listeners = new FeedListeners(http, interval: null);
        await using (listeners)
        {
            await listeners.StartAsync(members, recorder, cancellationToken);
            var longPollKb = await MeasureHeldAsync(label, baseline, () => listeners.Errors);
            var share = longPollKb - bareKb;
            results.Add(new ResultRow(Name, label, "BstChat's managed heap per wait (long-poll − bare hold)", share, "KB", "< 3 KB", share < 3));
            await WakeEveryoneAsync(rooms, clients, recorder, () => listeners.Errors);
        }

        async Task<double> MeasureHeldAsync(string caseLabel, ServerStats before, Func<int> errors)
        {
            await Task.Delay(sizes.IdleSettle, cancellationToken);
            var start = await server.StatsAsync(collectGarbage: false, cancellationToken);
            var clock = Stopwatch.StartNew();
            await Task.Delay(sizes.IdleWindow, cancellationToken);
            var end = await server.StatsAsync(collectGarbage: false, cancellationToken);
            var elapsed = clock.Elapsed.TotalSeconds;
            var settled = await server.StatsAsync(collectGarbage: true, cancellationToken);
            var managedKb = (settled.ManagedBytes - before.ManagedBytes) / 1024.0 / clients;
            results.Add(new ResultRow(Name, caseLabel, "server requests/s", (end.Requests - start.Requests) / elapsed, "req/s"));
            results.Add(new ResultRow(Name, caseLabel, "server CPU", (end.CpuSeconds - start.CpuSeconds) / elapsed * 100, "% of one core"));
            results.Add(new ResultRow(Name, caseLabel, "server working set per client (Δ after GC)", (settled.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / clients, "KB"));
            results.Add(new ResultRow(Name, caseLabel, "server managed heap per client (Δ after GC)", managedKb, "KB"));
            results.Add(new ResultRow(Name, caseLabel, "server working set", settled.WorkingSetBytes / 1024.0 / 1024.0, "MiB"));
            results.Add(new ResultRow(Name, caseLabel, "client errors", errors(), "retried"));
            return managedKb;
        }

        async Task WakeEveryoneAsync(int roomCount, int expected, LatencyRecorder deliveries, Func<int> errors)
        {
            var caseLabel = $"{clients} clients, one message to each of {roomCount} conversations";
            Console.WriteLine($"  {caseLabel}");
            var roundTrips = new ConcurrentBag<double>();
            var before = await server.StatsAsync(collectGarbage: false, cancellationToken);
            var clock = Stopwatch.StartNew();
            var sendOptions = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentSenders, CancellationToken = cancellationToken };
            var sent = 0;
            await Parallel.ForAsync(0, roomCount, sendOptions, async (room, ct) =>
            {
                var issued = Stopwatch.GetTimestamp();
                if (await http.SendAsync($"{Prefix}-{room}", $"{Prefix}-{room}-{ListenersPerRoom}", SendStamp.Now(), ct))
                {
                    Interlocked.Increment(ref sent);
                }

                roundTrips.Add(Stopwatch.GetElapsedTime(issued).TotalMilliseconds);
            });
            var sentAfter = clock.Elapsed;
            while (deliveries.Count < expected && clock.Elapsed < DrainLimit)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }

            var allAnswered = clock.Elapsed;
            var after = await server.StatsAsync(collectGarbage: false, cancellationToken);
            var latency = deliveries.Summarize();
            var sends = LatencySummary.Of(roundTrips);
            var answered = deliveries.Count;
            results.Add(new ResultRow(Name, caseLabel, "messages acknowledged", sent, $"of {roomCount}"));
            results.Add(new ResultRow(Name, caseLabel, "listeners answered", answered, $"of {expected}", "all", answered == expected));
            results.Add(new ResultRow(Name, caseLabel, "all sends acknowledged after", sentAfter.TotalMilliseconds, "ms"));
            results.Add(new ResultRow(Name, caseLabel, "every listener answered after", allAnswered.TotalMilliseconds, "ms"));
            // What the sends' own round trips (the store's write path) leave of it: the wake-up itself.
            results.Add(new ResultRow(Name, caseLabel, "last answer after the last acknowledgement", (allAnswered - sentAfter).TotalMilliseconds, "ms"));
            results.Add(new ResultRow(Name, caseLabel, "delivery latency p50 (from its send issued)", latency.P50, "ms"));
            results.Add(new ResultRow(Name, caseLabel, "delivery latency p99", latency.P99, "ms"));
            results.Add(new ResultRow(Name, caseLabel, "delivery latency max", latency.Max, "ms"));
            results.Add(new ResultRow(Name, caseLabel, "send round trip p50 / p99", sends.P50, $"ms / {sends.P99:0.#} ms"));
            results.Add(new ResultRow(Name, caseLabel, "server CPU until every listener answered", after.CpuSeconds - before.CpuSeconds, "s"));
            results.Add(new ResultRow(Name, caseLabel, "client errors", errors(), "retried"));
        }
    }
}
