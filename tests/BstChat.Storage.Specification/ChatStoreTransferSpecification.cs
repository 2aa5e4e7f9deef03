using Xunit;

namespace BstChat.Storage.Specification;

/// <summary>
/// The <see cref="IChatStoreExport"/> and <see cref="IChatStoreImport"/> contract, as tests: rows
/// read back exactly as imported, the store's own operations carry on from them, and importing
/// again changes nothing. A store's test project subclasses it beside
/// <see cref="MessageStoreSpecification"/>.
/// </summary>
/// <remarks>Conversation, message and user ids are fresh per test, so one database may serve the whole run.</remarks>
public abstract class ChatStoreTransferSpecification
{
    // Whole seconds: every store keeps them exactly.
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Returns the chat store over the shared test data.</summary>
    protected abstract IMessageStore CreateStore();

    /// <summary>Returns the same store's export and import, over the same data.</summary>
    protected abstract IChatStoreImport CreateTransfer();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(int second) => Epoch.AddSeconds(second);

    [Fact]
    public async Task An_imported_conversation_reads_back_exactly_and_its_feed_continues_from_its_last_seq()
    {
        var (store, transfer) = (CreateStore(), CreateTransfer());
        var scene = Scene.Create();
        await scene.ImportAsync(transfer);

        Assert.Equal(scene.Conversation, await transfer.ExportConversationAsync(scene.Id, Cancellation));
        Assert.Equal(scene.Members, (await transfer.ExportMembersAsync(scene.Id, Cancellation)).OrderBy(m => m.UserId, StringComparer.Ordinal));
        Assert.Equal(scene.Messages, await transfer.ExportMessagesAsync(scene.Id, 0, 100, Cancellation));
        Assert.Equal(scene.Messages[2..4], await transfer.ExportMessagesAsync(scene.Id, 2, 2, Cancellation));
        Assert.Equal(scene.Revisions, await transfer.ExportRevisionsAsync(scene.Id, 0, 100, Cancellation));
        Assert.Equal(scene.Revisions[1..], await transfer.ExportRevisionsAsync(scene.Id, 5, 100, Cancellation));
        Assert.Equal(scene.Revisions[..1], await transfer.ExportRevisionsAsync(scene.Id, 0, 1, Cancellation));
        Assert.Equal(scene.Revisions[..1], await store.GetRevisionsAsync(scene.Id, scene.Messages[0].Id, Cancellation));

        Assert.Equal(scene.Conversation, await store.FindConversationAsync(scene.Id, Cancellation));
        Assert.Equal(scene.Messages, (await store.GetHistoryAsync(scene.Id, null, 10, Cancellation)).Messages);
        Assert.Equal(scene.ChangeOrder, (await store.GetChangesAsync(scene.Id, 0, 100, Cancellation)).Select(m => m.Id));
        Assert.Equal(scene.ChangeOrder[^2..], (await store.GetChangesAsync(scene.Id, 5, 100, Cancellation)).Select(m => m.Id));

        var sent = await store.AppendMessageAsync(scene.Draft(scene.Bob, "after the copy", at: 30), Cancellation);
        Assert.NotNull(sent);
        Assert.Equal(8, sent.Message.Seq);
        Assert.Equal([sent.Message], await store.GetChangesAsync(scene.Id, 7, 100, Cancellation));

        // The store's own record goes on after the imported one.
        await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = scene.Id, MessageId = scene.Messages[0].Id, NewText = "one, again", At = At(31), ChangedBy = scene.Alice },
            Cancellation);
        Assert.Equal(
            [(5L, "one"), (9L, "one, edited")],
            (await store.GetRevisionsAsync(scene.Id, scene.Messages[0].Id, Cancellation)).Select(r => (r.ChangeSeq, r.PreviousText)));
    }

    [Fact]
    public async Task Imported_client_message_ids_and_read_markers_keep_working()
    {
        var (store, transfer) = (CreateStore(), CreateTransfer());
        var scene = Scene.Create();
        await scene.ImportAsync(transfer);

        var replay = await store.AppendMessageAsync(scene.Draft(scene.Bob, "four again", clientMessageId: "c-4", at: 40), Cancellation);
        Assert.NotNull(replay);
        Assert.False(replay.Created);
        Assert.Equal(scene.Messages[3], replay.Message);

        var inbox = Assert.Single(await store.GetInboxAsync(scene.Alice, 100, Cancellation));
        Assert.Equal(5, inbox.LastReadSeq);
        Assert.Equal(0, inbox.UnreadCount);
        Assert.Equal(2, (await store.AdvanceReadMarkerAsync(scene.Id, scene.Bob, 1, Cancellation)));
        Assert.Equal(7, (await store.AdvanceReadMarkerAsync(scene.Id, scene.Bob, 99, Cancellation)));
    }

    [Fact]
    public async Task Importing_the_same_rows_again_changes_nothing()
    {
        var (store, transfer) = (CreateStore(), CreateTransfer());
        var scene = Scene.Create();
        await scene.ImportAsync(transfer);
        await scene.ImportAsync(transfer);

        Assert.Equal(scene.Revisions, await transfer.ExportRevisionsAsync(scene.Id, 0, 100, Cancellation));

        Assert.Equal(scene.Conversation, await transfer.ExportConversationAsync(scene.Id, Cancellation));
        Assert.Equal(scene.Members, (await transfer.ExportMembersAsync(scene.Id, Cancellation)).OrderBy(m => m.UserId, StringComparer.Ordinal));
        Assert.Equal(scene.Messages, await transfer.ExportMessagesAsync(scene.Id, 0, 100, Cancellation));
        Assert.Equal(scene.ChangeOrder, (await store.GetChangesAsync(scene.Id, 0, 100, Cancellation)).Select(m => m.Id));
    }

    [Fact]
    public async Task Importing_a_later_state_overwrites_rows_and_members()
    {
        var (store, transfer) = (CreateStore(), CreateTransfer());
        var scene = Scene.Create();
        await scene.ImportAsync(transfer);

        var edited = scene.Messages[1] with { Text = "hi, edited", ChangeSeq = 8, EditedAt = At(25) };
        var bob = scene.Members[1] with { LastReadSeq = 8, DisplayName = "Bob B.", Role = MemberRole.Moderator };
        await transfer.ImportMessagesAsync([edited], Cancellation);
        await transfer.ImportMembersAsync(scene.Id, [bob], Cancellation);
        await transfer.ImportConversationAsync(scene.Conversation with { LastSeq = 8, LastChangeAt = At(25), Title = "Renamed" }, Cancellation);

        Assert.Equal(edited, await store.FindMessageAsync(scene.Id, edited.Id, Cancellation));
        Assert.Equal([edited], await store.GetChangesAsync(scene.Id, 7, 100, Cancellation));
        var feed = await store.GetChangesAsync(scene.Id, 0, 100, Cancellation);
        Assert.Equal(scene.Messages.Count, feed.Count);
        Assert.Equal(edited, feed[^1]);
        Assert.Equal([bob], await store.GetMembersAsync(scene.Id, Cancellation));
        Assert.Empty(await store.GetInboxAsync(scene.Alice, 100, Cancellation));
        Assert.Equal(8, (await store.FindConversationAsync(scene.Id, Cancellation))!.LastSeq);
    }

    [Fact]
    public async Task A_conversation_made_by_the_store_exports_as_the_store_reads_it()
    {
        var (store, transfer) = (CreateStore(), CreateTransfer());
        var id = $"made-{Guid.NewGuid():N}";
        var user = $"ann-{Guid.NewGuid():N}";
        await store.CreateConversationAsync(new Conversation { Id = id, Title = "Made", CreatedAt = At(0), LastChangeAt = At(0) }, Cancellation);
        await store.UpsertMemberAsync(new Member { ConversationId = id, UserId = user, DisplayName = "Ann", JoinedAt = At(0) }, Cancellation);
        var draft = new NewMessage { Id = Guid.NewGuid().ToString("N"), ConversationId = id, SenderId = user, SenderName = "Ann", Text = "one", ClientMessageId = "k", CreatedAt = At(1) };
        var first = (await store.AppendMessageAsync(draft, Cancellation))!.Message;
        await store.AppendMessageAsync(draft with { Id = Guid.NewGuid().ToString("N"), Text = "two", ClientMessageId = null, CreatedAt = At(2) }, Cancellation);
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = first.Id, NewText = "one!", At = At(3), ChangedBy = "alice" }, Cancellation);
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = first.Id, At = At(4), ChangedBy = "alice" }, Cancellation);
        await store.AdvanceReadMarkerAsync(id, user, 3, Cancellation);

        Assert.Equal(await store.FindConversationAsync(id, Cancellation), await transfer.ExportConversationAsync(id, Cancellation));
        Assert.Equal(await store.GetMembersAsync(id, Cancellation), await transfer.ExportMembersAsync(id, Cancellation));
        Assert.Equal((await store.GetHistoryAsync(id, null, 10, Cancellation)).Messages, await transfer.ExportMessagesAsync(id, 0, 10, Cancellation));
        Assert.Equal(
            [(3L, MessageRevisionKind.Edited, "one"), (4L, MessageRevisionKind.Deleted, "one!")],
            (await transfer.ExportRevisionsAsync(id, 0, 10, Cancellation)).Select(r => (r.ChangeSeq, r.Kind, r.PreviousText)));
        Assert.Equal(await store.GetRevisionsAsync(id, first.Id, Cancellation), await transfer.ExportRevisionsAsync(id, 0, 10, Cancellation));
        var tombstone = (await transfer.ExportMessagesAsync(id, 0, 1, Cancellation))[0];
        Assert.Equal((1L, 4L, "", "k", At(3), At(4)), (tombstone.Seq, tombstone.ChangeSeq, tombstone.Text, tombstone.ClientMessageId, tombstone.EditedAt, tombstone.DeletedAt));
    }

    [Fact]
    public async Task Paging_through_conversations_visits_each_once()
    {
        var transfer = CreateTransfer();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = $"page-{i}-{Guid.NewGuid():N}";
            ids.Add(id);
            await transfer.ImportConversationAsync(new Conversation { Id = id, Title = "Paged", CreatedAt = At(i), LastChangeAt = At(i) }, Cancellation);
        }

        var seen = new List<string>();
        string? afterId = null;
        while (await transfer.ExportConversationsAsync(afterId, 2, Cancellation) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 2);
            seen.AddRange(page.Select(c => c.Id));
            afterId = page[^1].Id;
        }

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task An_unknown_conversation_exports_nothing_and_counts_cover_what_was_imported()
    {
        var transfer = CreateTransfer();
        var unknown = $"none-{Guid.NewGuid():N}";
        Assert.Null(await transfer.ExportConversationAsync(unknown, Cancellation));
        Assert.Empty(await transfer.ExportMembersAsync(unknown, Cancellation));
        Assert.Empty(await transfer.ExportMessagesAsync(unknown, 0, 10, Cancellation));
        Assert.Empty(await transfer.ExportRevisionsAsync(unknown, 0, 10, Cancellation));

        var scene = Scene.Create();
        await scene.ImportAsync(transfer);
        var counts = await transfer.CountAsync(Cancellation);
        Assert.True(counts.Conversations >= 1 && counts.Members >= 2 && counts.Messages >= 5 && counts.Revisions >= 2, $"Counts {counts} miss what was imported.");
    }

    /// <summary>
    /// A conversation with LastSeq 7: m1 sent (1) and edited (5), m2 sent (2), m3 sent (3) and
    /// deleted (7), m4 sent with a client message id (4), m6 sent (6); the edit and the delete are
    /// recorded as revisions. Alice has read up to 5, Bob up to 2.
    /// </summary>
    private sealed record Scene(string Id, string Alice, string Bob, Conversation Conversation, List<Member> Members, List<Message> Messages, List<MessageRevision> Revisions)
    {
        /// <summary>The message ids in change-feed order.</summary>
        public List<string> ChangeOrder => [.. Messages.OrderBy(m => m.ChangeSeq).Select(m => m.Id)];

        public static Scene Create()
        {
            var id = $"imported-{Guid.NewGuid():N}";
            var alice = $"alice-{Guid.NewGuid():N}";
            var bob = $"bob-{Guid.NewGuid():N}";
            var conversation = new Conversation { Id = id, Title = "Imported", CreatedAt = At(0), LastSeq = 7, LastChangeAt = At(20) };
            List<Member> members =
            [
                new() { ConversationId = id, UserId = alice, DisplayName = "Alice", Role = MemberRole.Moderator, JoinedAt = At(0), LastReadSeq = 5 },
                new() { ConversationId = id, UserId = bob, DisplayName = "Bob", Role = MemberRole.Member, JoinedAt = At(1), LastReadSeq = 2 },
            ];
            Message Row(int seq, int changeSeq, string sender, string text) => new()
            {
                Id = Guid.NewGuid().ToString("N"),
                ConversationId = id,
                Seq = seq,
                ChangeSeq = changeSeq,
                SenderId = sender,
                SenderName = sender == alice ? "Alice" : "Bob",
                Text = text,
                CreatedAt = At(seq),
            };
            List<Message> messages =
            [
                Row(1, 5, alice, "one, edited") with { ClientMessageId = "c-1", EditedAt = At(15) },
                Row(2, 2, bob, "hi"),
                Row(3, 7, alice, "") with { DeletedAt = At(20) },
                Row(4, 4, bob, "four") with { ClientMessageId = "c-4" },
                Row(6, 6, alice, "six"),
            ];
            MessageRevision Revision(Message message, int changeSeq, MessageRevisionKind kind, string previousText) => new()
            {
                ConversationId = id,
                MessageId = message.Id,
                ChangeSeq = changeSeq,
                Kind = kind,
                PreviousText = previousText,
                ChangedBy = alice,
                ChangedAt = message.EditedAt ?? message.DeletedAt!.Value,
            };
            List<MessageRevision> revisions =
            [
                Revision(messages[0], 5, MessageRevisionKind.Edited, "one"),
                Revision(messages[2], 7, MessageRevisionKind.Deleted, "three"),
            ];
            return new Scene(id, alice, bob, conversation, [.. members.OrderBy(m => m.UserId, StringComparer.Ordinal)], messages, revisions);
        }

        public NewMessage Draft(string sender, string text, string? clientMessageId = null, int at = 0) => new()
        {
            Id = Guid.NewGuid().ToString("N"),
            ConversationId = Id,
            SenderId = sender,
            SenderName = "Bob",
            Text = text,
            ClientMessageId = clientMessageId,
            CreatedAt = At(at),
        };

        /// <summary>Imports in the copier's order: a shell row, members, messages, revisions, then the row with its LastSeq.</summary>
        public async Task ImportAsync(IChatStoreImport transfer)
        {
            await transfer.ImportConversationAsync(Conversation with { LastSeq = 0, LastChangeAt = Conversation.CreatedAt }, Cancellation);
            await transfer.ImportMembersAsync(Id, Members, Cancellation);
            await transfer.ImportMessagesAsync(Messages, Cancellation);
            await transfer.ImportRevisionsAsync(Revisions, Cancellation);
            await transfer.ImportConversationAsync(Conversation, Cancellation);
        }
    }
}
