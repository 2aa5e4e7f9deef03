using System.Diagnostics;
using BstChat.Bench.Ceiling;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 4: acknowledged sends per second per store, with 1, 8 and 64 concurrent senders,
/// all in one conversation (contending for its sequence) or each in a conversation of its own.
/// For SQLite and PostgreSQL each case is followed by the same SQL run raw and group-committed
/// (<see cref="RawGroupCommitCeiling"/>) on a database of its own, and BstChat's figure is
/// reported as a ratio to that ceiling.
/// </summary>
internal static class SendThroughput
{
    private const string Name = "4 send throughput";
    private const int MostSenders = 64;
    private const double CeilingTarget = 0.4;

    private static readonly Dictionary<StoreKind, double> Targets = new()
    {
        [StoreKind.InMemory] = 2_000,
        [StoreKind.Sqlite] = 1_000,
        [StoreKind.Postgres] = 1_000,
    };

    public static async Task RunAsync(BenchSizes sizes, BenchResults results, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Scenario {Name}: {string.Join(" / ", sizes.SenderCounts)} senders, {sizes.SendFor.TotalSeconds} s each");
        foreach (var store in new[] { StoreKind.InMemory, StoreKind.Sqlite, StoreKind.Postgres })
        {
            if (store == StoreKind.Postgres && !StoreDatabase.PostgresAvailable)
            {
                Console.WriteLine($"  postgres: skipped, {StoreDatabase.PostgresVariable} is not set");
                continue;
            }

            await RunStoreAsync(store, sizes, results, cancellationToken);
        }
    }

    private static async Task RunStoreAsync(StoreKind store, BenchSizes sizes, BenchResults results, CancellationToken cancellationToken)
    {
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        // "one": a single room all senders share; "many": a room per sender.
        await server.SetUpRoomsAsync("one", rooms: 1, members: MostSenders, cancellationToken);
        await server.SetUpRoomsAsync("many", rooms: MostSenders, members: 1, cancellationToken);

        string[] many = [.. Enumerable.Range(0, MostSenders).Select(i => $"many-{i}")];
        await using var ceiling = store == StoreKind.InMemory ? null : await StoreDatabase.CreateAsync(store, cancellationToken);
        if (ceiling is not null)
        {
            await CeilingSchema.CreateAsync(store, ceiling.ConnectionString, ["one-0", .. many], cancellationToken);
        }

        foreach (var shared in new[] { true, false })
        {
            foreach (var senders in sizes.SenderCounts)
            {
                var perSecond = await SendsPerSecondAsync(server.Http, senders, shared, sizes.SendFor, cancellationToken);
                var label = $"{store.Name()}, {senders} senders, {(shared ? "one conversation" : "many conversations")}";
                var checkedCase = !shared && senders == MostSenders;
                results.Add(checkedCase
                    ? new ResultRow(Name, label, "acknowledged sends/s", perSecond, "sends/s", $"≥ {Targets[store]}", perSecond >= Targets[store])
                    : new ResultRow(Name, label, "acknowledged sends/s", perSecond, "sends/s"));
                if (ceiling is not null)
                {
                    var raw = await RawGroupCommitCeiling.SendsPerSecondAsync(
                        store, ceiling.ConnectionString, shared ? ["one-0"] : many, senders, sizes.SendFor, cancellationToken);
                    var ratio = perSecond / raw;
                    results.Add(new ResultRow(Name, label, "raw group-committed ceiling", raw, "sends/s"));
                    results.Add(senders == MostSenders
                        ? new ResultRow(Name, label, "ratio BstChat / raw ceiling", ratio, "×", $"≥ {CeilingTarget}", ratio >= CeilingTarget)
                        : new ResultRow(Name, label, "ratio BstChat / raw ceiling", ratio, "×"));
                }
            }
        }
    }

    private static async Task<double> SendsPerSecondAsync(BenchHttp http, int senders, bool shared, TimeSpan duration, CancellationToken cancellationToken)
    {
        var acknowledged = 0L;
        var clock = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async sender =>
        {
            var (room, user) = shared ? ("one-0", $"one-0-{sender}") : ($"many-{sender}", $"many-{sender}-0");
            // Each send with its own idempotency key, as the widget sends them: the store looks each one up.
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                if (await http.SendAsync(room, user, "bench message", cancellationToken, $"{run}-{n}"))
                {
                    Interlocked.Increment(ref acknowledged);
                }
            }
        }));
        return acknowledged / clock.Elapsed.TotalSeconds;
    }
}
