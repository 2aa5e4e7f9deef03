using System.Diagnostics;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 3: <c>wait=0</c> polls that find nothing new, flat out from many workers, against a
/// bare Kestrel endpoint answering a cached JSON body of the same size on the same server.
/// Runs on the in-memory store too, to tell the store's share of the cost from the rest.
/// </summary>
internal static class PollThroughput
{
    private const string Name = "3 poll throughput";
    private const string Prefix = "pt";

    public static async Task RunAsync(BenchSizes sizes, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        if (store != StoreKind.InMemory)
        {
            await RunStoreAsync(sizes, StoreKind.InMemory, results, cancellationToken);
        }

        await RunStoreAsync(sizes, store, results, cancellationToken);
    }

    private static async Task RunStoreAsync(BenchSizes sizes, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Scenario {Name}: {sizes.PollWorkers} workers, {sizes.PollFor.TotalSeconds} s each, {store.Name()} store");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        await server.SetUpRoomsAsync(Prefix, sizes.PollWorkers, members: 1, cancellationToken);
        var http = server.Http;

        var cursors = new string[sizes.PollWorkers];
        for (var i = 0; i < cursors.Length; i++)
        {
            cursors[i] = (await http.GetChangesAsync(Room(i), User(i), cursor: null, 0, cancellationToken)).Cursor;
        }

        var bodyBytes = await ChangesBodyBytesAsync(http, cursors[0], cancellationToken);
        var bstChat = await RequestsPerSecondAsync(i => http.GetChangesAsync(Room(i), User(i), cursors[i], 0, cancellationToken));
        var bare = await RequestsPerSecondAsync(async _ =>
        {
            using var response = await http.Client.GetAsync($"bench/bare?bytes={bodyBytes}", cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
        });

        var label = $"{store.Name()}, {sizes.PollWorkers} workers, {bodyBytes} B body";
        results.Add(new ResultRow(Name, label, "BstChat wait=0 polls/s", bstChat, "req/s"));
        results.Add(new ResultRow(Name, label, "bare Kestrel JSON/s", bare, "req/s"));
        var ratio = bstChat / bare;
        results.Add(new ResultRow(Name, label, "ratio BstChat / bare", ratio, "×", "≥ 0.5", ratio >= 0.5));

        async Task<double> RequestsPerSecondAsync(Func<int, Task> request)
        {
            var count = 0L;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, sizes.PollWorkers).Select(async worker =>
            {
                while (clock.Elapsed < sizes.PollFor)
                {
                    await request(worker);
                    Interlocked.Increment(ref count);
                }
            }));
            return count / clock.Elapsed.TotalSeconds;
        }
    }

    private static string Room(int i) => $"{Prefix}-{i}";

    private static string User(int i) => $"{Prefix}-{i}-0";

    /// <summary>The size of a real "nothing new" answer, so the bare endpoint sends as many bytes.</summary>
    private static async Task<int> ChangesBodyBytesAsync(BenchHttp http, string cursor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"chat/conversations/{Room(0)}/changes?cursor={Uri.EscapeDataString(cursor)}&wait=0");
        request.Headers.Add(BenchUserAuthentication.Header, User(0));
        using var response = await http.Client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
    }
}
