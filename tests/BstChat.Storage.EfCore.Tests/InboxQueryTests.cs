using Microsoft.EntityFrameworkCore;
using BstChat.Storage.EfCore.Tests.Infrastructure;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>The inbox: unread counts and last messages in one round trip, on each database.</summary>
public abstract partial class InboxQueryTests(TestDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inbox_is_read_in_one_round_trip_with_unread_counts_and_last_messages()
    {
        var recorder = new CommandRecorder();
        var store = database.OpenStore(recorder);
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
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = busy, MessageId = deleted.Id, At = start.AddMinutes(7), ChangedBy = "alice" }, Ct);
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = busy, MessageId = latest.Id, At = start.AddMinutes(8), ChangedBy = "alice" }, Ct);
        await store.AdvanceReadMarkerAsync(busy, user, first.Seq, Ct);

        recorder.Clear();
        var inbox = await store.GetInboxAsync(user, 100, Ct);

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

public abstract partial class InboxQueryTests
{
    [Fact]
    public async Task A_user_in_thousands_of_conversations_gets_a_page_read_from_the_database_not_every_membership()
    {
        const int Memberships = 2_000;
        var counter = new RowCounter();
        var store = database.OpenStore(counter);
        var user = $"busy-{Guid.NewGuid():N}";
        var prefix = $"many-{Guid.NewGuid():N}";
        await InsertConversationsAsync(prefix, user, Memberships);
        // The newest conversation by change is the one made last; a send moves the first to the top.
        var first = $"{prefix}-1";
        var sent = await ChatData.SendAsync(store, first, user, "hi", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        counter.Clear();
        var inbox = await store.GetInboxAsync(user, 10, Ct);

        Assert.Equal(10, inbox.Count);
        Assert.Equal(first, inbox[0].Conversation.Id);
        Assert.Equal(sent.Id, inbox[0].LastMessage?.Id);
        Assert.Equal([.. Enumerable.Range(Memberships - 8, 9).Reverse().Select(i => $"{prefix}-{i}")], inbox.Skip(1).Select(e => e.Conversation.Id));
        Assert.Equal(10, Assert.Single(counter.RowsRead));
    }

    /// <summary>Conversations 1…n, one minute apart, each with the user as its only member, in one transaction.</summary>
    private async Task InsertConversationsAsync(string prefix, string user, int count)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var conversations = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            conversations.Add($"{prefix}-{i}");
        }

        // One conversation at a time through the store would take minutes on a disk; rows in bulk take a moment.
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        foreach (var chunk in conversations.Chunk(250))
        {
            foreach (var id in chunk)
            {
                var at = start.AddMinutes(int.Parse(id[(prefix.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture));
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO bstchat_conversations (id, title, created_at, last_seq, last_change_at) VALUES ({0}, {1}, {2}, 0, {2})", [id, id, at], Ct);
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO bstchat_members (conversation_id, user_id, display_name, role, joined_at, last_read_seq) VALUES ({0}, {1}, {1}, 0, {2}, 0)",
                    [id, user, at], Ct);
            }
        }

        await transaction.CommitAsync(Ct);
    }
}

public sealed class SqliteInboxQueryTests(SqliteDatabase database) : InboxQueryTests(database);

public sealed class PostgresInboxQueryTests(PostgresDatabase database) : InboxQueryTests(database);
