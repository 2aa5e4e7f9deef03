using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Sample.Hosting;
using BstChat.Storage.EfCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// One member asking the change feed for hundreds of different cursors, as fast as two threads
/// can, does not grow the server's memory beyond what the shared reads may keep: the attack that
/// took a server from 288 MB to 3.2 GB before the reads were bounded (docs/security.md). On a
/// SQLite file, as that server ran: every read of such a store makes new message objects, which a
/// kept read would keep.
/// </summary>
public sealed class ChangeFeedMemoryTests : IAsyncDisposable
{
    private const int Messages = 600;
    private const int MessageLength = 4000;
    private const int PageSize = 50;
    private const int DistinctCursors = 500;
    private const int WarmUpRequests = 100;

    // What distinct cursors may add to the heap after a warm-up with one: the shared reads' budget, and room for buffers the runtime pools.
    private const long SharedReadBudget = 32L * 1024 * 1024;
    private const long AllowedGrowth = 3 * SharedReadBudget;

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"bstchat-flood-{Guid.NewGuid():N}.db");
    private ChatTestHost? _host;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flooding_distinct_cursors_keeps_the_heap_within_the_shared_read_budget()
    {
        _host = await ChatTestHost.StartAsync(
            b =>
            {
                b.Services.AddDbContextFactory<BstChatDbContext>(o => o.UseSqlite($"Data Source={_databasePath};Default Timeout=10"));
                b.Services.AddHostedService<ChatSchemaInitializer>();
                b.AddEntityFrameworkCoreStore<BstChatDbContext>();
            },
            o =>
            {
                (o.MaxMessageLength, o.MaxRequestBodyBytes) = (MessageLength, 64 * 1024);
                (o.MaxSharedReadBytes, o.MaxPageSize, o.DefaultPageSize) = (SharedReadBudget, PageSize, PageSize);
                // Only the memory bound is under test here; the read rate has its own test.
                o.ReadRate = new TokenBucketLimit { Burst = 10_000, PerMinute = 600 };
            },
            cancellationToken: Cancellation);
        await _host.UseChatAsync(async chat =>
        {
            for (var i = 0; i < Messages; i++)
            {
                await chat.SendSystemMessageAsync(Lesson, $"{i} " + new string('x', MessageLength - 10), null, Cancellation);
            }
        });
        var ben = _host.CreateClient(Ben.Id);
        var head = await ben.GetChangesAsync(Lesson);
        var lastSeq = long.Parse(head.Cursor.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        var hash = head.Cursor.Split('.')[1];
        var firstSeq = lastSeq - DistinctCursors;

        // One cursor first: the buffers a flood of such answers leaves pooled, which the same rate with one cursor never goes beyond.
        await FloodAsync(ben, hash, WarmUpRequests, _ => firstSeq);
        var afterOneCursor = HeapAfterCollection();
        await FloodAsync(ben, hash, DistinctCursors, index => firstSeq + index);
        var growth = HeapAfterCollection() - afterOneCursor;

        // Unbounded, every cursor kept its page of 50 messages of 8 KB for the re-check interval (a minute here): about 200 MB.
        var kept = _host.Services.GetRequiredService<BstChat.Feed.ConversationHeadCache>().KeptBytes;
        TestContext.Current.TestOutputHelper?.WriteLine($"Distinct cursors grew the heap by {growth / 1024} KiB over one cursor's flood; the shared reads keep {kept / 1024} KiB.");
        Assert.InRange(kept, 0, SharedReadBudget);
        Assert.True(growth < AllowedGrowth, $"The heap grew by {growth / (1024 * 1024)} MiB flooding {DistinctCursors} cursors; at most {AllowedGrowth / (1024 * 1024)} MiB is allowed.");
    }

    /// <summary>Asks for <paramref name="requests"/> cursors from two threads, checking every answer.</summary>
    private static async Task FloodAsync(HttpClient client, string hash, int requests, Func<int, long> seqOf)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(
            async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < requests)
                {
                    var seq = seqOf(index);
                    var answer = await client.GetChangesAsync(Lesson, $"{seq}.{hash}", wait: 0);
                    Assert.Equal(seq + 1, answer.Messages[0].Seq);
                }
            },
            Cancellation)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }

    private static long HeapAfterCollection()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
