using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace BstChat.Bench.Server;

/// <summary>The bench's own endpoints: stats, room set-up, and the bare baseline.</summary>
internal static class BenchEndpoints
{
    private static readonly ConcurrentDictionary<int, byte[]> BareBodies = new();

    public static void Map(WebApplication app)
    {
        app.MapGet("/bench/stats", (bool? gc, RequestCounter counter) =>
        {
            if (gc == true)
            {
                // Compacted, so memory figures compare live data rather than garbage.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            using var process = Process.GetCurrentProcess();
            return new ServerStats(process.TotalProcessorTime.TotalSeconds, counter.Count, GC.GetTotalMemory(false), process.WorkingSet64);
        });

        app.MapPost("/bench/setup", SetUpRoomsAsync);

        // The baseline for poll throughput: Kestrel answering a cached JSON body of the same size.
        app.MapGet("/bench/bare", (int bytes) => Results.Bytes(BareBodies.GetOrAdd(bytes, BareBody), "application/json"));

        // The baseline for idle cost: Kestrel holding a request open for a while, as a long-poll
        // does, with nothing of BstChat (no store, no scope services, no notifier) behind it.
        // Authenticated and authorized like every chat request: the host's sign-in is not BstChat's cost.
        app.MapGet("/bench/hold", async (int seconds, HttpContext http) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }

            return Results.Bytes(BareBodies.GetOrAdd(200, BareBody), "application/json");
        }).RequireAuthorization();
    }

    /// <summary>
    /// Rooms <c>{prefix}-{r}</c>, each with members <c>{prefix}-{r}-{i}</c>; with <paramref name="copies"/>
    /// above 1, as many rooms <c>{prefix}-{r}.{c}</c> of the same members, so each is in that many conversations.
    /// </summary>
    private static async Task SetUpRoomsAsync(string prefix, int rooms, int members, int? copies, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        var each = copies ?? 1;
        await Parallel.ForAsync(0, rooms * each, options, async (index, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var chat = scope.ServiceProvider.GetRequiredService<IChatService>();
            var (room, copy) = Math.DivRem(index, each);
            var group = $"{prefix}-{room}";
            var id = copy == 0 ? group : $"{group}.{copy}";
            await chat.CreateConversationAsync(id, id, ct);
            for (var i = 0; i < members; i++)
            {
                await chat.AddMemberAsync(id, new ChatUser($"{group}-{i}", $"{group}-{i}"), MemberRole.Member, ct);
            }
        });
    }

    private static byte[] BareBody(int bytes)
    {
        const string Head = "{\"pad\":\"";
        const string Tail = "\"}";
        var padding = Math.Max(0, bytes - Head.Length - Tail.Length);
        return Encoding.UTF8.GetBytes(Head + new string('x', padding) + Tail);
    }
}
