using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Queries;
using BstChat.Storage.Mongo.Writes;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// What a writer that died (or stalled) in each window of the claim protocol leaves behind, and
/// how the next writer and the readers carry on: docs/mongo-gap-free-prefix.md has the table.
/// Each test writes the dead writer's documents itself. Where the next writer must go ahead at
/// once, its store's gap threshold is an hour, so waiting it out would hang the test; where it
/// must take over, the threshold is short.
/// </summary>
public sealed class DeadWriterTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    // Bounds the tests whose next writer must not wait out the hour-long threshold.
    private const int Timeout = 60_000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replay_takes_over_a_send_that_died_before_taking_a_seq_and_no_seq_is_lost()
    {
        await using var instance = Instance(Short);
        var id = await CreateConversationAsync(instance);
        await instance.Collections.SendClaims.InsertOneAsync(DeadSendClaim(id, $"dead-{id}"), cancellationToken: Cancellation);

        var replay = await instance.Store.AppendMessageAsync(Draft(id, $"replay-{id}"), Cancellation);

        Assert.NotNull(replay);
        Assert.True(replay.Created);
        // Stored under the claim's message id, so a dead writer that was only slow cannot store a second one.
        Assert.Equal(($"dead-{id}", 1L, "k1"), (replay.Message.Id, replay.Message.Seq, replay.Message.ClientMessageId));
        Assert.Equal(1, await LastSeqAsync(instance, id));
        Assert.Equal([replay.Message], (await instance.Store.GetHistoryAsync(id, null, 10, Cancellation)).Messages);
    }

    [Fact]
    public async Task A_send_that_died_after_taking_its_seq_leaves_a_gap_readers_pass_and_its_replay_is_stored_once()
    {
        await using var instance = Instance(Short);
        var id = await CreateConversationAsync(instance);
        await instance.Collections.SendClaims.InsertOneAsync(DeadSendClaim(id, $"dead-{id}"), cancellationToken: Cancellation);
        await TakeSeqAsync(instance, id);

        var replay = await instance.Store.AppendMessageAsync(Draft(id, $"replay-{id}"), Cancellation);

        Assert.NotNull(replay);
        Assert.Equal(($"dead-{id}", 2L), (replay.Message.Id, replay.Message.Seq));
        // Seq 1 is the dead writer's: readers pass it once it has been missing for the threshold.
        Assert.Equal(2, await WaitForLastSeqAsync(instance, id, 2));
        Assert.Equal([replay.Message], await instance.Store.GetChangesAsync(id, 0, 10, Cancellation));
        var passed = await instance.Collections.Changes.Find(ChangeQueries.ById(id, 1)).SingleAsync(Cancellation);
        Assert.Null(passed.MessageId);
    }

    [Fact(Timeout = Timeout)]
    public async Task A_replay_of_a_send_that_died_before_publishing_answers_at_once_with_its_message()
    {
        await using var instance = Instance(Hour);
        var id = await CreateConversationAsync(instance);
        await instance.Collections.SendClaims.InsertOneAsync(DeadSendClaim(id, $"dead-{id}"), cancellationToken: Cancellation);
        var seq = await TakeSeqAsync(instance, id);
        var stored = DocumentMapper.ToDocument(Draft(id, $"dead-{id}").ToMessage(seq));
        await instance.Collections.Messages.InsertOneAsync(stored, cancellationToken: Cancellation);

        var replay = await instance.Store.AppendMessageAsync(Draft(id, $"replay-{id}"), TestContext.Current.CancellationToken);

        Assert.Equal(new AppendResult(DocumentMapper.ToModel(stored), Created: false), replay);
    }

    [Fact]
    public async Task An_edit_takes_over_a_message_whose_writer_died_before_taking_a_seq()
    {
        await using var instance = Instance(Short);
        var id = await CreateConversationAsync(instance);
        var sent = await SendAsync(instance, id);
        await ClaimAsync(instance, sent, new ChangeClaim { Owner = "dead" });

        var edited = await EditAsync(instance, sent, "after", TestContext.Current.CancellationToken);

        Assert.NotNull(edited);
        Assert.Equal(("after", 2L), (edited.Text, edited.ChangeSeq));
        Assert.Equal(2, await LastSeqAsync(instance, id));
    }

    [Fact(Timeout = Timeout)]
    public async Task An_edit_records_the_change_of_a_writer_that_died_after_applying_it_and_goes_ahead_at_once()
    {
        await using var instance = Instance(Hour);
        var id = await CreateConversationAsync(instance);
        var sent = await SendAsync(instance, id);
        var seq = await TakeSeqAsync(instance, id);
        await instance.Collections.Messages.UpdateOneAsync(
            MessageQueries.ById(id, sent.Id),
            Builders<MessageDocument>.Update.Combine(MessageQueries.Claim("dead"), MessageQueries.Apply(Update(sent, "dead edit"), seq, sent.Text)),
            cancellationToken: Cancellation);

        var edited = await EditAsync(instance, sent, "after", TestContext.Current.CancellationToken);

        Assert.NotNull(edited);
        Assert.Equal(("after", 3L), (edited.Text, edited.ChangeSeq));
        Assert.Equal(3, await LastSeqAsync(instance, id));
        Assert.Equal([edited], await instance.Store.GetChangesAsync(id, 0, 10, Cancellation));
        var recorded = await instance.Collections.Changes.Find(ChangeQueries.ById(id, seq)).SingleAsync(Cancellation);
        Assert.Equal(sent.Id, recorded.MessageId);
    }

    [Fact(Timeout = Timeout)]
    public async Task An_edit_that_stalled_until_readers_passed_its_seq_moves_to_a_new_seq_with_its_revision()
    {
        await using var instance = Instance(Hour);
        var id = await CreateConversationAsync(instance);
        var sent = await SendAsync(instance, id);
        await ClaimAsync(instance, sent, new ChangeClaim { Owner = "stalled" });
        var seq = await TakeSeqAsync(instance, id);
        await instance.Collections.Messages.UpdateOneAsync(
            MessageQueries.HeldBy(id, sent.Id, "stalled"), MessageQueries.Apply(Update(sent, "late edit"), seq, sent.Text), cancellationToken: Cancellation);
        // Readers gave up on the stalled writer and recorded its seq as carrying nothing.
        await instance.Collections.Changes.InsertOneAsync(ChangeDocument.For(id, seq, messageId: null), cancellationToken: Cancellation);

        var visibleAt = await instance.Part<ChangePublisher>().PublishAsync(new PendingChange(id, sent.Id, seq, "stalled", At));

        Assert.Equal(seq + 1, visibleAt);
        var revision = Assert.Single(await instance.Store.GetRevisionsAsync(id, sent.Id, Cancellation));
        Assert.Equal((seq + 1, MessageRevisionKind.Edited, "hello"), (revision.ChangeSeq, revision.Kind, revision.PreviousText));
        var changed = Assert.Single(await instance.Store.GetChangesAsync(id, seq, 10, TestContext.Current.CancellationToken));
        Assert.Equal(("late edit", seq + 1), (changed.Text, changed.ChangeSeq));
    }

    [Fact(Timeout = Timeout)]
    public async Task An_edit_waits_for_a_delete_in_flight_and_then_answers_with_the_tombstone_taking_no_seq()
    {
        await using var instance = Instance(Hour);
        var id = await CreateConversationAsync(instance);
        var sent = await SendAsync(instance, id);
        await ClaimAsync(instance, sent, new ChangeClaim { Owner = "deleter" });

        var edit = EditAsync(instance, sent, "too late", TestContext.Current.CancellationToken);
        await Task.Delay(200, Cancellation);
        // While the delete holds the message, the edit can neither decide nor take a seq.
        Assert.False(edit.IsCompleted);

        // The deleter finishes, as UpdateWriter would.
        var seq = await TakeSeqAsync(instance, id);
        await instance.Collections.Messages.UpdateOneAsync(
            MessageQueries.HeldBy(id, sent.Id, "deleter"), MessageQueries.Apply(Update(sent, newText: null), seq, sent.Text), cancellationToken: Cancellation);
        await InsertIfAbsentAsync(instance, ChangeDocument.For(id, seq, sent.Id));

        var answer = await edit;
        Assert.NotNull(answer);
        Assert.True(answer.IsDeleted);
        Assert.Equal(seq, answer.ChangeSeq);
        Assert.Equal(seq, await LastSeqAsync(instance, id));
        var conversation = await instance.Collections.Conversations.Find(ConversationQueries.ById(id)).SingleAsync(Cancellation);
        Assert.Equal(seq, conversation.ReservedSeq);
    }

    private StoreInstance Instance(TimeSpan gapThreshold)
    {
        if (server.Database is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        return StoreInstance.Create(server.Database, gapThreshold);
    }

    private static async Task<string> CreateConversationAsync(StoreInstance instance)
    {
        var id = $"dead-{Guid.NewGuid():N}";
        await instance.Store.CreateConversationAsync(new Conversation { Id = id, Title = "t", CreatedAt = At, LastChangeAt = At }, Cancellation);
        return id;
    }

    private static NewMessage Draft(string conversationId, string messageId) => new()
    {
        Id = messageId,
        ConversationId = conversationId,
        SenderId = "alice",
        SenderName = "Alice",
        Text = "hello",
        ClientMessageId = "k1",
        CreatedAt = At,
    };

    private static SendClaimDocument DeadSendClaim(string conversationId, string messageId) => new()
    {
        Id = DocumentIds.SendClaim(conversationId, "alice", "k1"),
        ConversationId = conversationId,
        MessageId = messageId,
        Owner = "dead",
    };

    private static async Task<Message> SendAsync(StoreInstance instance, string conversationId)
    {
        var sent = await instance.Store.AppendMessageAsync(Draft(conversationId, Guid.NewGuid().ToString("N")) with { ClientMessageId = null }, Cancellation);
        Assert.NotNull(sent);
        return sent.Message;
    }

    private static MessageUpdate Update(Message message, string? newText) =>
        new() { ConversationId = message.ConversationId, MessageId = message.Id, NewText = newText, At = At.AddSeconds(1), ChangedBy = message.SenderId };

    private static async Task<Message?> EditAsync(StoreInstance instance, Message message, string text, CancellationToken cancellationToken) =>
        await instance.Store.UpdateMessageAsync(Update(message, text), cancellationToken);

    private static async Task ClaimAsync(StoreInstance instance, Message message, ChangeClaim claim) =>
        await instance.Collections.Messages.UpdateOneAsync(
            MessageQueries.ById(message.ConversationId, message.Id),
            Builders<MessageDocument>.Update.Set(d => d.Claim, claim),
            cancellationToken: Cancellation);

    /// <summary>Takes a seq as a writer would, with <c>$inc</c>.</summary>
    private static async Task<long> TakeSeqAsync(StoreInstance instance, string conversationId)
    {
        var conversation = await instance.Collections.Conversations.FindOneAndUpdateAsync(
            ConversationQueries.ById(conversationId),
            ConversationQueries.ReserveSeqs(1, At),
            new FindOneAndUpdateOptions<ConversationDocument> { ReturnDocument = ReturnDocument.After },
            Cancellation);
        return conversation.ReservedSeq;
    }

    private static async Task InsertIfAbsentAsync(StoreInstance instance, ChangeDocument change)
    {
        try
        {
            await instance.Collections.Changes.InsertOneAsync(change, cancellationToken: Cancellation);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The waiting writer recorded it first, as it may.
        }
    }

    private static async Task<long> LastSeqAsync(StoreInstance instance, string conversationId) =>
        (await instance.Store.FindConversationAsync(conversationId, Cancellation))!.LastSeq;

    /// <summary>Reads until the readers' gap threshold has passed and they moved past the dead writer's seq.</summary>
    private static async Task<long> WaitForLastSeqAsync(StoreInstance instance, string conversationId, long expected)
    {
        while (await LastSeqAsync(instance, conversationId) is var lastSeq && lastSeq < expected)
        {
            await Task.Delay(Short / 3, Cancellation);
        }

        return await LastSeqAsync(instance, conversationId);
    }
}
