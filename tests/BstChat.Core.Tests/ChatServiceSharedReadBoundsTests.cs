using BstChat.Feed;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>
/// What the shared reads keep is bounded: only reads near the head are shared, at most
/// <see cref="BstChatOptions.MaxSharedReadConversations"/> heads and
/// <see cref="BstChatOptions.MaxSharedReadBytes"/> of them are kept, and a read past the bounds is
/// still answered in full, by the reader's own read.
/// </summary>
public sealed class ChatServiceSharedReadBoundsTests
{
    // Far enough that nothing expires during a test: what is kept is kept until notified.
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cursors_far_behind_the_head_are_read_by_each_reader_and_kept_by_nobody()
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => o.RecheckInterval = Recheck, store: store);
        var id = await host.CreateConversationAsync();
        for (var i = 0; i < 100; i++)
        {
            await host.SendAsync(id, Bob, new string('x', 1000));
        }

        var head = await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);
        var keptWithHeadOnly = host.SharedReads.KeptBytes;
        store.ClearCalls();

        for (var seq = 1; seq <= 100 - ConversationHeadCache.NearHead - 1; seq++)
        {
            var far = await host.Chat.GetChangesAsync(id, Alice, new ChatCursor(seq, head.Cursor.StateHash), TimeSpan.Zero, Cancellation);
            Assert.Equal(seq + 1, far.Messages[0].Seq);
            Assert.Equal(Math.Min(100 - seq, host.Options.MaxPageSize), far.Messages.Count);
        }

        Assert.Equal(keptWithHeadOnly, host.SharedReads.KeptBytes);
        Assert.Equal(100 - ConversationHeadCache.NearHead - 1, store.Calls.Count(c => c == "GetChangesAsync"));
    }

    [Fact]
    public async Task Readers_near_the_head_share_one_read_of_the_changes()
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => o.RecheckInterval = Recheck, store: store);
        var id = await host.CreateConversationAsync();
        for (var i = 0; i < 10; i++)
        {
            await host.SendAsync(id, Bob, $"m{i}");
        }

        var cursor = (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
        var behind = new ChatCursor(cursor.Seq - 5, cursor.StateHash);
        store.ClearCalls();

        foreach (var user in new[] { Alice, Bob, Moderator, Alice })
        {
            Assert.Equal(5, (await host.Chat.GetChangesAsync(id, user, behind, TimeSpan.Zero, Cancellation)).Messages.Count);
        }

        Assert.Equal(1, store.Calls.Count(c => c == "GetChangesAsync"));
    }

    [Fact]
    public async Task What_the_shared_reads_keep_never_exceeds_the_byte_budget_and_every_answer_is_complete()
    {
        const long Budget = 64 * 1024;
        await using var host = Create(o => (o.RecheckInterval, o.MaxSharedReadBytes) = (Recheck, Budget));
        var conversations = new List<string>();
        for (var c = 0; c < 20; c++)
        {
            var id = await host.CreateConversationAsync();
            conversations.Add(id);
            for (var i = 0; i < ConversationHeadCache.NearHead; i++)
            {
                await host.SendAsync(id, Bob, $"{c}/{i} " + new string('x', 500));
            }
        }

        var peak = 0L;
        foreach (var id in conversations)
        {
            var cursor = (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
            for (var back = 1; back <= ConversationHeadCache.NearHead; back++)
            {
                var answer = await host.Chat.GetChangesAsync(id, Alice, new ChatCursor(cursor.Seq - back, cursor.StateHash), TimeSpan.Zero, Cancellation);
                Assert.Equal(back, answer.Messages.Count);
                Assert.Equal(cursor.Seq, answer.Messages[^1].ChangeSeq);
                peak = Math.Max(peak, host.SharedReads.KeptBytes);
            }
        }

        Assert.InRange(peak, 1, Budget);
    }

    [Fact]
    public async Task At_most_the_allowed_number_of_heads_is_kept_and_the_rest_are_read_each_time()
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => (o.RecheckInterval, o.MaxSharedReadConversations) = (Recheck, 2), store: store);
        var conversations = new List<string>();
        for (var c = 0; c < 5; c++)
        {
            conversations.Add(await host.CreateConversationAsync());
        }

        foreach (var id in conversations)
        {
            await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);
        }

        Assert.Equal(2, host.SharedReads.KeptConversations);
        store.ClearCalls();
        await host.Chat.GetChangesAsync(conversations[0], Bob, null, TimeSpan.Zero, Cancellation);
        await host.Chat.GetChangesAsync(conversations[4], Bob, null, TimeSpan.Zero, Cancellation);
        await host.Chat.GetChangesAsync(conversations[4], Bob, null, TimeSpan.Zero, Cancellation);

        // The first is kept and shared; the last is over the limit and read by each request.
        Assert.Equal(2, store.Calls.Count(c => c == "FindConversationAsync"));
    }

    [Fact]
    public async Task A_read_replaced_after_a_change_gives_its_bytes_back()
    {
        await using var host = Create(o => o.RecheckInterval = Recheck);
        var id = await host.CreateConversationAsync();
        await host.SendAsync(id, Bob, new string('x', 2000));
        var cursor = (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
        await host.Chat.GetChangesAsync(id, Alice, new ChatCursor(cursor.Seq - 1, cursor.StateHash), TimeSpan.Zero, Cancellation);
        var keptForOneRead = host.SharedReads.KeptBytes;

        for (var i = 0; i < 50; i++)
        {
            await host.SendAsync(id, Bob, new string('y', 2000));
            cursor = (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
            await host.Chat.GetChangesAsync(id, Alice, new ChatCursor(cursor.Seq - 1, cursor.StateHash), TimeSpan.Zero, Cancellation);
        }

        Assert.InRange(host.SharedReads.KeptBytes, 1, keptForOneRead + 1024);
    }
}
