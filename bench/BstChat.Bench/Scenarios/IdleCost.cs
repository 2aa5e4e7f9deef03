using System.Diagnostics;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 2: what N connected clients cost the server when nothing is said: a bare Kestrel
/// request held open (the floor any long-poll pays), long-polling one conversation, long-polling
/// the user feed as users in <see cref="ConversationsPerUser"/> conversations each (one held
/// request per user for all of them), and polling every 2 s and 10 s. Memory per client compares the server after a full, compacting GC with the clients
/// connected against the same before they connected: working set and managed heap.
/// </summary>
internal static class IdleCost
{
    private const string Name = "2 idle";
    private const string Prefix = "idle";
    private const string FeedPrefix = "idlefeed";
    private const string UserFeedMode = "user feed long-poll, 20 conversations each";
    private const int MembersPerRoom = 10;
    private const int ConversationsPerUser = 20;

    public static async Task RunAsync(BenchSizes sizes, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        // BSTCHAT_BENCH_IDLE_CLIENTS (e.g. "10000") runs other client counts than the preset's, to check one size alone.
        var counts = Environment.GetEnvironmentVariable("BSTCHAT_BENCH_IDLE_CLIENTS") is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)]
            : sizes.IdleClientCounts;
        var most = counts.Max();
        Console.WriteLine($"Scenario {Name}: {string.Join(" / ", counts)} idle clients, {store.Name()} store");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        var rooms = (most + MembersPerRoom - 1) / MembersPerRoom;
        await server.SetUpRoomsAsync(Prefix, rooms, MembersPerRoom, cancellationToken);
        // Users of their own for the user feed: each group of ten shares twenty conversations.
        await server.SetUpRoomsAsync(FeedPrefix, rooms, MembersPerRoom, cancellationToken, copies: ConversationsPerUser);

        foreach (var clients in counts)
        {
            var members = Members(Prefix, clients);
            var bare = await MeasureAsync(clients, "bare Kestrel hold", async ct =>
            {
                var holders = new BareHoldClients(server.Http);
                await holders.StartAsync(clients, ct);
                return (holders, () => holders.Errors);
            });
            var longPoll = await MeasureAsync(clients, "long-poll", Listen(members, interval: null));
            var userFeed = await MeasureAsync(clients, UserFeedMode, Listen(Members(FeedPrefix, clients), interval: null, userFeed: true));
            await MeasureAsync(clients, "poll 2 s", Listen(members, TimeSpan.FromSeconds(2)));
            var poll10 = await MeasureAsync(clients, "poll 10 s", Listen(members, TimeSpan.FromSeconds(10)));
            AddComparisons(results, clients, bare, longPoll, poll10);
            AddUserFeedComparisons(results, clients, longPoll, userFeed);
        }

        static List<(string Room, string User)> Members(string prefix, int clients) =>
            [.. Enumerable.Range(0, clients).Select(i => ($"{prefix}-{i / MembersPerRoom}", $"{prefix}-{i / MembersPerRoom}-{i % MembersPerRoom}"))];

        Func<CancellationToken, Task<(IAsyncDisposable, Func<int>)>> Listen(List<(string, string)> members, TimeSpan? interval, bool userFeed = false) => async ct =>
        {
            var listeners = new FeedListeners(server.Http, interval, userFeed);
            await listeners.StartAsync(members, new LatencyRecorder(), ct);
            return (listeners, () => listeners.Errors);
        };

        async Task<Cost> MeasureAsync(int clients, string mode, Func<CancellationToken, Task<(IAsyncDisposable Clients, Func<int> Errors)>> start)
        {
            var label = $"{clients} clients, {mode}";
            Console.WriteLine($"  {label}");
            var baseline = await server.StatsAsync(collectGarbage: true, cancellationToken);
            var (idleClients, errors) = await start(cancellationToken);
            Cost cost;
            await using (idleClients)
            {
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
                // The user feed is a long-poll too, held to the same bounds.
                var longPoll = mode is "long-poll" or UserFeedMode;
                results.Add(longPoll
                    ? new ResultRow(Name, label, "requests/s per client", perClientRate, "req/s", "< 0.05", perClientRate < 0.05)
                    : new ResultRow(Name, label, "requests/s per client", perClientRate, "req/s"));
                results.Add(new ResultRow(Name, label, "server requests/s", perClientRate * clients, "req/s"));
                var cpu = (after.CpuSeconds - before.CpuSeconds) / elapsed * 100;
                results.Add(new ResultRow(Name, label, "server CPU", cpu, "% of one core"));
                results.Add(longPoll
                    ? new ResultRow(Name, label, "server working set per client (Δ after GC)", workingSetKb, "KB", "< 10 KB", workingSetKb < 10)
                    : new ResultRow(Name, label, "server working set per client (Δ after GC)", workingSetKb, "KB"));
                results.Add(new ResultRow(Name, label, "server managed heap per client (Δ after GC)", managedKb, "KB"));
                results.Add(new ResultRow(Name, label, "client errors", errors(), "retried"));
                cost = new Cost(cpu, managedKb, perClientRate);
            }

            // Let the server see the disconnects before the next baseline.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return cost;
        }
    }

    /// <summary>
    /// BstChat's own share of a held request (what a long-poll keeps beyond a bare Kestrel hold) and
    /// what an idle long-poll client costs in CPU against a client polling every 10 s, same run.
    /// </summary>
    private static void AddComparisons(BenchResults results, int clients, Cost bare, Cost longPoll, Cost poll10)
    {
        var label = $"{clients} clients, long-poll vs the same run";
        var share = longPoll.ManagedKb - bare.ManagedKb;
        results.Add(new ResultRow(Name, label, "BstChat's managed heap per wait (long-poll − bare hold)", share, "KB", "< 3 KB", share < 3));
        var ratio = longPoll.CpuPercent / poll10.CpuPercent;
        results.Add(new ResultRow(Name, label, "server CPU, long-poll ÷ poll 10 s", ratio, "×", "≤ 0.4", ratio <= 0.4));
    }

    /// <summary>
    /// The user feed against one conversation's long-poll, same run: one held request per user for
    /// twenty conversations should cost about what one held request for one conversation costs.
    /// </summary>
    private static void AddUserFeedComparisons(BenchResults results, int clients, Cost longPoll, Cost userFeed)
    {
        var label = $"{clients} users, user feed ({ConversationsPerUser} conversations each) vs one-conversation long-poll, same run";
        var requests = userFeed.RequestsPerClient / longPoll.RequestsPerClient;
        results.Add(new ResultRow(Name, label, "requests/s per user, user feed ÷ long-poll", requests, "×", "≤ 1.25", requests <= 1.25));
        var heap = userFeed.ManagedKb / longPoll.ManagedKb;
        results.Add(new ResultRow(Name, label, "managed heap per user, user feed ÷ long-poll", heap, "×", "≤ 1.5", heap <= 1.5));
        results.Add(new ResultRow(Name, label, "managed heap per user, user feed − long-poll", userFeed.ManagedKb - longPoll.ManagedKb, "KB"));
    }

    /// <summary>What one mode cost: server CPU over the window, managed heap per client and requests/s per client.</summary>
    private readonly record struct Cost(double CpuPercent, double ManagedKb, double RequestsPerClient);
}
