using System.Diagnostics;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 2: what N connected clients cost the server when nothing is said: long-polling,
/// and polling every 2 s and 10 s. Memory per client compares the server after a full GC with
/// the clients connected against before they connected.
/// </summary>
internal static class IdleCost
{
    private const string Name = "2 idle";
    private const string Prefix = "idle";
    private const int MembersPerRoom = 10;

    public static async Task RunAsync(BenchSizes sizes, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        var most = sizes.IdleClientCounts.Max();
        Console.WriteLine($"Scenario {Name}: {string.Join(" / ", sizes.IdleClientCounts)} idle clients, {store.Name()} store");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        await server.SetUpRoomsAsync(Prefix, (most + MembersPerRoom - 1) / MembersPerRoom, MembersPerRoom, cancellationToken);

        foreach (var clients in sizes.IdleClientCounts)
        {
            var members = Enumerable.Range(0, clients)
                .Select(i => ($"{Prefix}-{i / MembersPerRoom}", $"{Prefix}-{i / MembersPerRoom}-{i % MembersPerRoom}"))
                .ToList();
            await MeasureAsync(clients, "long-poll", members, interval: null);
            await MeasureAsync(clients, "poll 2 s", members, TimeSpan.FromSeconds(2));
            await MeasureAsync(clients, "poll 10 s", members, TimeSpan.FromSeconds(10));
        }

        async Task MeasureAsync(int clients, string mode, List<(string, string)> members, TimeSpan? interval)
        {
            var label = $"{clients} clients, {mode}";
            Console.WriteLine($"  {label}");
            var baseline = await server.StatsAsync(collectGarbage: true, cancellationToken);
            var listeners = new FeedListeners(server.Http, interval);
            await using (listeners)
            {
                await listeners.StartAsync(members, new LatencyRecorder(), cancellationToken);
                await Task.Delay(sizes.IdleSettle, cancellationToken);
                var before = await server.StatsAsync(collectGarbage: false, cancellationToken);
                var clock = Stopwatch.StartNew();
                await Task.Delay(sizes.IdleWindow, cancellationToken);
                var after = await server.StatsAsync(collectGarbage: false, cancellationToken);
                var elapsed = clock.Elapsed.TotalSeconds;
                var settled = await server.StatsAsync(collectGarbage: true, cancellationToken);

                var perClientRate = (after.Requests - before.Requests) / elapsed / clients;
                var workingSetKb = (settled.WorkingSetBytes - baseline.WorkingSetBytes) / 1024.0 / clients;
                var managedKb = (settled.ManagedBytes - baseline.ManagedBytes) / 1024.0 / clients;
                var longPoll = interval is null;
                results.Add(longPoll
                    ? new ResultRow(Name, label, "requests/s per client", perClientRate, "req/s", "< 0.05", perClientRate < 0.05)
                    : new ResultRow(Name, label, "requests/s per client", perClientRate, "req/s"));
                results.Add(new ResultRow(Name, label, "server requests/s", perClientRate * clients, "req/s"));
                results.Add(new ResultRow(Name, label, "server CPU", (after.CpuSeconds - before.CpuSeconds) / elapsed * 100, "% of one core"));
                results.Add(longPoll
                    ? new ResultRow(Name, label, "server working set per client", workingSetKb, "KB", "< 10 KB", workingSetKb < 10)
                    : new ResultRow(Name, label, "server working set per client", workingSetKb, "KB"));
                results.Add(new ResultRow(Name, label, "server managed heap per client", managedKb, "KB"));
                results.Add(new ResultRow(Name, label, "client errors", listeners.Errors, "retried"));
            }

            // Let the server see the disconnects before the next baseline.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
