using BstChat.Storage.Specification;
using BstChat.Migration;
using BstChat.Storage.EfCore.Tests.Infrastructure;

namespace BstChat.Storage.EfCore.Tests.Migration;

/// <summary>
/// A SQLite file copied to a fresh PostgreSQL database and back to a new SQLite file: every row
/// identical, the change feed continuing from the same cursors, copies idempotent and resumable.
/// </summary>
public sealed class SqlitePostgresRoundTripTests : IAsyncLifetime
{
    private readonly SqliteDatabase _source = new();
    private readonly PostgresDatabase _postgres = new();
    private readonly SqliteDatabase _back = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _source.InitializeAsync();
        await _postgres.InitializeAsync();
        await _back.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _back.DisposeAsync();
        await _postgres.DisposeAsync();
        await _source.DisposeAsync();
    }

    [Fact]
    public async Task SQLite_to_PostgreSQL_to_SQLite_is_identical_to_the_source_and_the_feed_continues()
    {
        var source = Store(_source);
        var conversations = await FillAsync(source);
        var cursors = new Dictionary<string, long>();
        foreach (var id in conversations)
        {
            cursors[id] = (await source.FindConversationAsync(id, Cancellation))!.LastSeq;
        }

        await CopyAndVerifyAsync(Transfer(_source), Transfer(_postgres));
        await CopyAndVerifyAsync(Transfer(_postgres), Transfer(_back));

        var expected = await StoreContents.ReadAsync(Transfer(_source));
        (await StoreContents.ReadAsync(Transfer(_postgres))).AssertSameAs(expected);
        (await StoreContents.ReadAsync(Transfer(_back))).AssertSameAs(expected);
        Assert.Equal(4, expected.Conversations.Count);
        Assert.Contains(expected.Messages, m => m.IsDeleted && m.Text.Length == 0);
        Assert.Contains(expected.Messages, m => m.EditedAt is not null);
        Assert.Contains(expected.Messages, m => m.ClientMessageId is not null);
        Assert.Contains(expected.Members, m => m.LastReadSeq > 0);

        // A reader's cursor from the source goes on working on each copy: after a send and an
        // edit there, it gets exactly those two changes.
        foreach (var copy in new[] { Store(_postgres), Store(_back) })
        {
            var id = conversations[1];
            var sent = await ChatData.SendAsync(copy, id, "ben", "after the move");
            var history = (await copy.GetHistoryAsync(id, null, 1, Cancellation)).Messages;
            var edited = await copy.UpdateMessageAsync(
                new MessageUpdate { ConversationId = id, MessageId = expected.Messages.First(m => m.ConversationId == id && !m.IsDeleted).Id, NewText = "edited after the move", At = DateTimeOffset.UtcNow, ChangedBy = "alice" },
                Cancellation);

            var changes = await copy.GetChangesAsync(id, cursors[id], 100, Cancellation);

            Assert.Equal(cursors[id] + 1, sent.Seq);
            Assert.Equal([sent.Id, edited!.Id], changes.Select(m => m.Id));
            Assert.Equal(cursors[id] + 2, changes[^1].ChangeSeq);
            Assert.Equal(sent, Assert.Single(history));
        }
    }

    [Fact]
    public async Task Copying_again_changes_nothing()
    {
        await FillAsync(Store(_source));
        await CopyAndVerifyAsync(Transfer(_source), Transfer(_postgres));
        var first = await StoreContents.ReadAsync(Transfer(_postgres));

        var again = await new ChatStoreCopier(Transfer(_source), Transfer(_postgres)).CopyAsync(null, Cancellation);

        Assert.Equal((0L, 0L), (again.ConversationsWritten, again.MessagesWritten));
        Assert.Equal(first.Messages.Count, again.Messages);
        (await StoreContents.ReadAsync(Transfer(_postgres))).AssertSameAs(first);
    }

    [Fact]
    public async Task A_copy_cancelled_midway_resumes_and_ends_identical()
    {
        await FillAsync(Store(_source));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var progress = new CancelAfter(stop, messagesWritten: 10);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ChatStoreCopier(Transfer(_source), Transfer(_postgres), pageSize: 4).CopyAsync(progress, stop.Token));
        var halfway = await new ChatStoreCopier(Transfer(_source), Transfer(_postgres)).VerifyAsync(null, Cancellation);
        var resumed = await new ChatStoreCopier(Transfer(_source), Transfer(_postgres), pageSize: 4).CopyAsync(null, Cancellation);

        Assert.False(halfway.IsIdentical);
        var total = (await Transfer(_source).CountAsync(Cancellation)).Messages;
        Assert.InRange(resumed.MessagesWritten, 1, total - 10);
        Assert.True((await new ChatStoreCopier(Transfer(_source), Transfer(_postgres)).VerifyAsync(null, Cancellation)).IsIdentical);
        (await StoreContents.ReadAsync(Transfer(_postgres))).AssertSameAs(await StoreContents.ReadAsync(Transfer(_source)));
    }

    private static async Task CopyAndVerifyAsync(IChatStoreExport from, IChatStoreImport to)
    {
        var copier = new ChatStoreCopier(from, to, pageSize: 4);
        await copier.CopyAsync(null, Cancellation);
        var verification = await copier.VerifyAsync(null, Cancellation);
        Assert.True(verification.IsIdentical, string.Join(Environment.NewLine, verification.Differences));
    }

    /// <summary>Four conversations with sends (some with client ids, one a system message), edits, deletes, read markers and a member who left.</summary>
    private static async Task<List<string>> FillAsync(IMessageStore store)
    {
        var ids = new List<string>();
        var start = new DateTimeOffset(2025, 6, 2, 9, 30, 0, TimeSpan.Zero).AddTicks(1234567);
        for (var c = 0; c < 4; c++)
        {
            var id = await ChatData.CreateConversationAsync(store, $"lesson{c}", start.AddHours(c), "anna", "ben", "chloe");
            ids.Add(id);
            var sent = new List<Message>();
            for (var i = 0; i < 5 + c; i++)
            {
                var sender = i == 0 ? "" : i % 2 == 0 ? "anna" : "ben";
                var draft = ChatData.Message(id, sender, $"message {i}", clientMessageId: i % 2 == 1 ? $"client-{i}" : null, at: start.AddHours(c).AddSeconds(i).AddTicks(i * 7));
                sent.Add((await store.AppendMessageAsync(draft with { SenderName = sender.ToUpperInvariant() }, Cancellation))!.Message);
            }

            await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = sent[1].Id, NewText = "edited", At = start.AddHours(c).AddMinutes(5), ChangedBy = "alice" }, Cancellation);
            await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = sent[2].Id, At = start.AddHours(c).AddMinutes(6), ChangedBy = "alice" }, Cancellation);
            await store.AdvanceReadMarkerAsync(id, "ben", 3, Cancellation);
            await store.AdvanceReadMarkerAsync(id, "anna", 99, Cancellation);
            if (c == 3)
            {
                await store.RemoveMemberAsync(id, "chloe", Cancellation);
            }
        }

        return ids;
    }

    private static IMessageStore Store(TestDatabase database) => database.OpenStore();

    private static IChatStoreImport Transfer(TestDatabase database) => database.OpenTransfer();

    /// <summary>Cancels the copy, on the reporting thread, once enough messages are written.</summary>
    private sealed class CancelAfter(CancellationTokenSource stop, long messagesWritten) : IProgress<ChatStoreCopyProgress>
    {
        public void Report(ChatStoreCopyProgress value)
        {
            if (value.MessagesWritten >= messagesWritten)
            {
                stop.Cancel();
            }
        }
    }
}
