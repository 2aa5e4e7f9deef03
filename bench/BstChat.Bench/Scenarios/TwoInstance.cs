using System.Diagnostics;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;
using Npgsql;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 5: two server processes (A and B, on their own loopback ports) over one shared
/// store, first joined by a Redis backplane, then without one, where a waiter learns of another
/// instance's message only at its next store re-check. In every room half the listeners
/// long-poll A and half B; even rooms' messages are sent to A, odd rooms' to B. Latency is
/// reported apart for deliveries on the instance that took the send and on the other one.
/// </summary>
internal static class TwoInstance
{
    private const string Name = "5 two instances";
    private const string Prefix = "two";

    /// <summary>The bench server's <c>RecheckInterval</c>: without a backplane, cross-instance deliveries wait for it.</summary>
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Connections per instance: two instances on a PostgreSQL server others use too must stay under its max_connections (100 by default).</summary>
    private const int PostgresPoolPerInstance = 10;

    public static async Task RunAsync(TwoInstanceSizes sizes, BenchResults results, CancellationToken cancellationToken)
    {
        if (sizes.ListenersPerRoom % 2 != 0)
        {
            throw new ArgumentException("Listeners per room must be even: half listen on each instance.", nameof(sizes));
        }

        var store = StoreDatabase.PostgresAvailable ? StoreKind.Postgres : StoreKind.Sqlite;
        var storeLabel = store == StoreKind.Postgres ? "one PostgreSQL database" : "one SQLite file";
        Console.WriteLine($"Scenario {Name}: {sizes.Rooms * sizes.ListenersPerRoom} clients in {sizes.Rooms} rooms across instances A and B, "
            + $"{sizes.MessagesPerSecond} messages/s for {sizes.SendFor.TotalSeconds} s, {storeLabel}");

        await using (var redis = await RedisProcess.StartAsync(cancellationToken))
        {
            await MeasureAsync(sizes, store, $"{storeLabel}, Redis backplane", redis.ConnectionString, maxDrain: TimeSpan.FromSeconds(5), results, cancellationToken);
        }

        await MeasureAsync(sizes, store, $"{storeLabel}, no backplane", redis: null, maxDrain: RecheckInterval + TimeSpan.FromSeconds(3), results, cancellationToken);
    }

    private static async Task MeasureAsync(
        TwoInstanceSizes sizes, StoreKind store, string mode, string? redis, TimeSpan maxDrain, BenchResults results, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  {mode}: starting A and B");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        var connection = store == StoreKind.Postgres
            ? new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = PostgresPoolPerInstance }.ConnectionString
            : database.ConnectionString;
        // One after the other, so only A creates the schema.
        await using var a = await ServerProcess.StartAsync(store, connection, cancellationToken, redis);
        await using var b = await ServerProcess.StartAsync(store, connection, cancellationToken, redis);
        await a.SetUpRoomsAsync(Prefix, sizes.Rooms, sizes.ListenersPerRoom + 1, cancellationToken);

        // Member 0 of each room sends; listeners 1..N alternate between A and B.
        var sentToA = (int room) => room % 2 == 0;
        var listenOnA = (int listener) => listener % 2 == 0;
        var members =
            from room in Enumerable.Range(0, sizes.Rooms)
            from listener in Enumerable.Range(1, sizes.ListenersPerRoom)
            select (Room: room, Listener: listener, Member: ($"{Prefix}-{room}", $"{Prefix}-{room}-{listener}"));
        var groups = members.ToLookup(m => (OnA: listenOnA(m.Listener), Same: listenOnA(m.Listener) == sentToA(m.Room)));

        var same = new LatencyRecorder();
        var cross = new LatencyRecorder();
        var listeners = new List<FeedListeners>();
        try
        {
            Console.WriteLine($"  {mode}: connecting {sizes.Rooms * sizes.ListenersPerRoom} clients");
            foreach (var onA in new[] { true, false })
            {
                foreach (var isSame in new[] { true, false })
                {
                    var group = new FeedListeners((onA ? a : b).Http, interval: null);
                    listeners.Add(group);
                    await group.StartAsync([.. groups[(onA, isSame)].Select(m => m.Member)], isSame ? same : cross, cancellationToken);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var aBefore = await a.StatsAsync(collectGarbage: false, cancellationToken);
            var bBefore = await b.StatsAsync(collectGarbage: false, cancellationToken);
            var clock = Stopwatch.StartNew();
            var acknowledged = await RateSender.RunAsync(
                (room, ct) => (sentToA(room) ? a : b).Http.SendAsync($"{Prefix}-{room}", $"{Prefix}-{room}-0", SendStamp.Now(), ct),
                sizes.Rooms, sizes.MessagesPerSecond, sizes.SendFor, acknowledgedAfter: null, cancellationToken);
            // Every room has as many listeners on the sending instance as on the other.
            var expectedEach = acknowledged * sizes.ListenersPerRoom / 2;
            await WaitForDeliveriesAsync(same, cross, expectedEach, maxDrain, cancellationToken);
            var elapsed = clock.Elapsed.TotalSeconds;
            var aAfter = await a.StatsAsync(collectGarbage: false, cancellationToken);
            var bAfter = await b.StatsAsync(collectGarbage: false, cancellationToken);

            var sameSummary = same.Summarize();
            var crossSummary = cross.Summarize();
            Report(results, $"{mode}, same instance", sameSummary, expectedEach);
            Report(results, $"{mode}, cross-instance (sent on one, received on the other)", crossSummary, expectedEach);
            var errors = listeners.Sum(l => l.Errors);
            var cpu = aAfter.CpuSeconds - aBefore.CpuSeconds + (bAfter.CpuSeconds - bBefore.CpuSeconds);
            var requests = aAfter.Requests - aBefore.Requests + (bAfter.Requests - bBefore.Requests);
            results.Add(new ResultRow(Name, mode, "client errors", errors, "retried"));
            results.Add(new ResultRow(Name, mode, "server requests/s, A + B", requests / elapsed, "req/s"));
            results.Add(new ResultRow(Name, mode, "server CPU per 1,000 deliveries, A + B", cpu / Math.Max(1, sameSummary.Count + crossSummary.Count) * 1000, "CPU s"));
            results.Add(new ResultRow(Name, mode, "machine load average (1 min) after", MachineLoad.OneMinute(), $"on {Environment.ProcessorCount} cores"));
        }
        finally
        {
            foreach (var group in listeners)
            {
                await group.DisposeAsync();
            }
        }
    }

    private static void Report(BenchResults results, string label, LatencySummary latency, int expected)
    {
        results.Add(new ResultRow(Name, label, "latency p50", latency.P50, "ms"));
        results.Add(new ResultRow(Name, label, "latency p95", latency.P95, "ms"));
        results.Add(new ResultRow(Name, label, "latency p99", latency.P99, "ms"));
        results.Add(new ResultRow(Name, label, "latency max", latency.Max, "ms"));
        results.Add(new ResultRow(Name, label, "latency mean", latency.Mean, "ms"));
        results.Add(new ResultRow(Name, label, "delivered", latency.Count, $"of {expected}", $"= {expected}", latency.Count == expected));
    }

    private static async Task WaitForDeliveriesAsync(LatencyRecorder same, LatencyRecorder cross, int expectedEach, TimeSpan maxDrain, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(maxDrain.TotalSeconds * Stopwatch.Frequency);
        while ((same.Count < expectedEach || cross.Count < expectedEach) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
