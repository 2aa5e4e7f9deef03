using BstChat.Storage.EfCore.Tests.Infrastructure;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>The inbox: unread counts and last messages in one round trip, on each database.</summary>
public abstract class InboxQueryTests(TestDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inbox_is_read_in_one_round_trip_with_unread_counts_and_last_messages()
    {
        var recorder = new CommandRecorder();
        await using var session = database.OpenStore(recorder);
        var store = session.Store;
        var user = $"user-{Guid.NewGuid():N}";
        var start = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var busy = await ChatData.CreateConversationAsync(store, "busy", start, user, "other");
        var quiet = await ChatData.CreateConversationAsync(store, "quiet", start.AddMinutes(1), user);
        await ChatData.CreateConversationAsync(store, "elsewhere", start, "other");
        var first = await ChatData.SendAsync(store, busy, "other", "hi", start.AddMinutes(2));
        await ChatData.SendAsync(store, busy, user, "hi", start.AddMinutes(3));
        var deleted = await ChatData.SendAsync(store, busy, "other", "hi", start.AddMinutes(4));
        var last = await ChatData.SendAsync(store, busy, "other", "hi", start.AddMinutes(5));
        var latest = await ChatData.SendAsync(store, busy, "other", "hi", start.AddMinutes(6));
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = busy, MessageId = deleted.Id, At = start.AddMinutes(7) }, Ct);
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = busy, MessageId = latest.Id, At = start.AddMinutes(8) }, Ct);
        await store.AdvanceReadMarkerAsync(busy, user, first.Seq, Ct);

        recorder.Clear();
        var inbox = await store.GetInboxAsync(user, Ct);

        var command = Assert.Single(recorder.Commands);
        TestContext.Current.TestOutputHelper?.WriteLine(command.Text);
        Assert.Equal([busy, quiet], inbox.Select(e => e.Conversation.Id));
        var busyEntry = inbox[0];
        Assert.Equal(first.Seq, busyEntry.LastReadSeq);
        // After the marker only "last" counts: the user's own message and the two tombstones do not.
        Assert.Equal(1, busyEntry.UnreadCount);
        Assert.Equal(last.Id, busyEntry.LastMessage?.Id);
        Assert.Equal(7, busyEntry.Conversation.LastSeq);
        Assert.Equal(0, inbox[1].UnreadCount);
        Assert.Null(inbox[1].LastMessage);
    }
}

public sealed class SqliteInboxQueryTests(SqliteDatabase database) : InboxQueryTests(database);

public sealed class PostgresInboxQueryTests(PostgresDatabase database) : InboxQueryTests(database);
