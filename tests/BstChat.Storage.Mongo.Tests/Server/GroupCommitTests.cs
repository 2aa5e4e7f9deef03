using BstChat.Storage.Mongo.Batching;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// Group commit over the wire. A batch is held open by holding its writer's command (see
/// <see cref="CommandWatch"/>) while more writes queue behind it, and the driver's command events
/// count the round trips: no clock decides which writes share a batch. Where the writer must not
/// wait out the gap threshold its store's threshold is an hour, so waiting would hang the test.
/// </summary>
public sealed class GroupCommitTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // Bounds a test only when the code under it is wrong (a batch that never forms, a gap never
    // passed), where it would otherwise wait forever; a correct run takes a few seconds.
    private const int Timeout = 120_000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = Timeout)]
    public async Task Sends_that_arrive_while_a_batch_is_committed_share_the_next_one_and_one_seq_reservation()
    {
        await using var watch = Watch();
        await using var instance = StoreInstance.Create(watch.Database, Hour);
        var id = await CreateConversationAsync(instance);
        var before = watch.Count(CommandWatch.IsSeqReservation);

        var (first, queued, _) = await HoldFirstAndQueueAsync(watch, instance, id, [.. Enumerable.Range(1, 10).Select(k => Draft(id, $"k{k}"))]);

        var firstSent = await first;
        var sent = await Task.WhenAll(queued);
        // One $inc for the held send, one for the ten that queued behind it.
        Assert.Equal(2, watch.Count(CommandWatch.IsSeqReservation) - before);
        Assert.Equal(1, firstSent!.Message.Seq);
        // In the order they arrived, each acknowledged as created and readable.
        Assert.Equal(Enumerable.Range(2, 10).Select(static s => (long)s), sent.Select(static s => s!.Message.Seq));
        Assert.All(sent, static s => Assert.True(s!.Created));
        Assert.Equal(11, await LastSeqAsync(instance, id));
        Assert.Equal([firstSent.Message, .. sent.Select(static s => s!.Message)], await instance.Store.GetChangesAsync(id, 0, 100, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task Edits_and_deletes_batch_too_a_second_change_of_one_message_follows_the_batch_and_a_no_op_takes_no_seq()
    {
        await using var watch = Watch();
        await using var instance = StoreInstance.Create(watch.Database, Hour);
        var id = await CreateConversationAsync(instance);
        var messages = new List<Message>();
        for (var k = 0; k < 6; k++)
        {
            messages.Add((await instance.Store.AppendMessageAsync(Draft(id, $"k{k}"), TestContext.Current.CancellationToken))!.Message);
        }

        var before = watch.Count(CommandWatch.IsSeqReservation);
        var reservation = watch.Hold(CommandWatch.IsSeqReservation);
        var held = instance.Store.AppendMessageAsync(Draft(id, "held"), Cancellation).AsTask();
        await reservation.Reached.WaitAsync(Cancellation);
        var edits = messages.Take(5).Select(m => instance.Store.UpdateMessageAsync(Change(m, $"{m.Text}, edited"), Cancellation).AsTask()).ToList();
        var deleteOfFirst = instance.Store.UpdateMessageAsync(Change(messages[0], newText: null), Cancellation).AsTask();
        var noOp = instance.Store.UpdateMessageAsync(Change(messages[5], messages[5].Text), Cancellation).AsTask();
        await WaitUntilWaitingAsync(instance, 8);
        reservation.Release();

        await held;
        var edited = await Task.WhenAll(edits);
        var deleted = await deleteOfFirst;
        var unchanged = await noOp;
        // The held send, the five edits together, then the delete of a message the batch edited.
        Assert.Equal(3, watch.Count(CommandWatch.IsSeqReservation) - before);
        Assert.Equal(Enumerable.Range(8, 5).Select(static s => (long)s), edited.Select(static m => m!.ChangeSeq));
        Assert.Equal((13L, true), (deleted!.ChangeSeq, deleted.IsDeleted));
        Assert.Equal(messages[5], unchanged);
        Assert.Equal(13, await LastSeqAsync(instance, id));
        var revisions = await instance.Store.GetRevisionsAsync(id, messages[0].Id, Cancellation);
        Assert.Equal([(8L, "k0 text"), (13L, "k0 text, edited")], revisions.Select(static r => (r.ChangeSeq, r.PreviousText)));
        Assert.Equal([.. edited.Skip(1).Select(static m => m!), deleted], await instance.Store.GetChangesAsync(id, 7, 100, Cancellation));
    }

    [Fact(Timeout = Timeout)]
    public async Task A_write_that_fails_inside_a_batch_fails_alone_and_a_replay_inside_the_batch_answers_with_the_first_send()
    {
        await using var watch = Watch();
        await using var instance = StoreInstance.Create(watch.Database, Hour);
        var id = await CreateConversationAsync(instance);
        var existing = (await instance.Store.AppendMessageAsync(Draft(id, "existing"), TestContext.Current.CancellationToken))!.Message;
        var before = watch.Count(CommandWatch.IsSeqReservation);

        NewMessage[] queuedWrites =
        [
            Draft(id, "a"),
            Draft(id, "b"),
            Draft(id, "a") with { Id = "replay-of-a" },
            // A message id that is taken: its insert fails, and only it.
            Draft(id, "clash") with { Id = existing.Id, ClientMessageId = null },
            Draft(id, "c"),
        ];
        var (first, queued, _) = await HoldFirstAndQueueAsync(watch, instance, id, queuedWrites);

        await first;
        await Assert.ThrowsAnyAsync<MongoBulkWriteException>(() => queued[3]);
        var (a, b, replay, c) = (await queued[0], await queued[1], await queued[2], await queued[4]);
        Assert.Equal(2, watch.Count(CommandWatch.IsSeqReservation) - before);
        Assert.Equal((3L, 4L, 6L), (a!.Message.Seq, b!.Message.Seq, c!.Message.Seq));
        Assert.Equal(new AppendResult(a.Message, Created: false), replay);
        // The failed write's seq 5 carries no change, written by the batch itself: readers need not wait for it.
        Assert.Equal(6, await LastSeqAsync(instance, id));
        var unused = await instance.Collections.Changes.Find(ChangeQueries.ById(id, 5)).SingleAsync(Cancellation);
        Assert.Null(unused.MessageId);
        Assert.Equal([a.Message, b.Message, c.Message], await instance.Store.GetChangesAsync(id, 2, 100, Cancellation));
        Assert.Equal(existing, await instance.Store.FindMessageAsync(id, existing.Id, Cancellation));
    }

    [Fact(Timeout = Timeout)]
    public async Task A_batch_whose_writer_dies_after_storing_its_messages_is_published_by_readers_once_the_threshold_passes()
    {
        await using var watch = Watch();
        await using var writer = StoreInstance.Create(watch.Database, Hour);
        await using var reader = StoreInstance.Create(server.Database!, Short);
        var id = await CreateConversationAsync(writer);

        // The batch after the held one stops before writing its change documents: its seqs are
        // taken and its messages stored, as a writer that died there leaves them.
        var (first, queued, publish) = await HoldFirstAndQueueAsync(watch, writer, id, [.. Enumerable.Range(1, 5).Select(k => Draft(id, $"k{k}"))],
            thenHold: (CommandWatch.IsChangeDocumentInsert, 2));
        await first;
        await publish!.Reached.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, await WaitForLastSeqAsync(reader, id, 6));
        var delivered = await reader.Store.GetChangesAsync(id, 0, 100, Cancellation);
        Assert.Equal(["k0", "k1", "k2", "k3", "k4", "k5"], delivered.Select(static m => m.ClientMessageId));
        Assert.Equal(Enumerable.Range(1, 6).Select(static s => (long)s), delivered.Select(static m => m.Seq));

        // Had it only stalled, it finds its changes recorded for it, and answers with them.
        publish.Release();
        var sent = await Task.WhenAll(queued);
        Assert.Equal(delivered.Skip(1), sent.Select(static s => s!.Message));
        Assert.Equal(6, await LastSeqAsync(writer, id));
    }

    [Fact(Timeout = Timeout)]
    public async Task A_batch_whose_writer_dies_after_taking_its_seqs_leaves_gaps_readers_pass_and_a_late_writer_moves_its_messages()
    {
        await using var watch = Watch();
        await using var writer = StoreInstance.Create(watch.Database, Hour);
        await using var reader = StoreInstance.Create(server.Database!, Short);
        var id = await CreateConversationAsync(writer);

        // The batch after the held one stops before storing its messages: seqs 2 to 6 carry nothing yet.
        var (first, queued, store) = await HoldFirstAndQueueAsync(watch, writer, id, [.. Enumerable.Range(1, 5).Select(k => Draft(id, $"k{k}"))],
            thenHold: (CommandWatch.IsMessageInsert, 2));
        var firstSent = await first;
        await store!.Reached.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, await WaitForLastSeqAsync(reader, id, 6));
        Assert.Equal([firstSent!.Message], await reader.Store.GetChangesAsync(id, 0, 100, Cancellation));

        // A writer that was only slow stores its messages late; readers passed their seqs, so each moves to a new one.
        store.Release();
        var sent = await Task.WhenAll(queued);
        Assert.Equal(Enumerable.Range(7, 5).Select(static s => (long)s), sent.Select(static s => s!.Message.Seq).Order());
        Assert.Equal(11, await WaitForLastSeqAsync(reader, id, 11));
        var feed = await reader.Store.GetChangesAsync(id, 0, 100, Cancellation);
        Assert.Equal([firstSent.Message, .. sent.Select(static s => s!.Message).OrderBy(static m => m.Seq)], feed);
    }

    [Fact(Timeout = Timeout)]
    public async Task Two_instances_sending_into_one_conversation_with_replays_across_them_store_every_message_once_without_gaps()
    {
        const int SendersPerInstance = 4;
        const int SendsPerSender = 20;
        await using var watchA = Watch();
        await using var watchB = Watch();
        await using var a = StoreInstance.Create(watchA.Database, Hour);
        await using var b = StoreInstance.Create(watchB.Database, Hour);
        var id = await CreateConversationAsync(a);

        // Every sender's every third send is replayed at once through the other instance.
        var sends = new[] { (Own: a, Other: b, Name: "a"), (Own: b, Other: a, Name: "b") }
            .SelectMany(i => Enumerable.Range(0, SendersPerInstance).Select(sender => Task.Run(async () =>
            {
                var answers = new List<AppendResult>();
                for (var k = 0; k < SendsPerSender; k++)
                {
                    var draft = Draft(id, $"{i.Name}{sender}-{k}") with { SenderId = $"{i.Name}{sender}" };
                    var send = i.Own.Store.AppendMessageAsync(draft, TestContext.Current.CancellationToken).AsTask();
                    var replay = k % 3 == 0 ? i.Other.Store.AppendMessageAsync(draft with { Id = $"replay-{draft.Id}" }, Cancellation).AsTask() : null;
                    answers.Add((await send)!);
                    if (replay is not null)
                    {
                        answers.Add((await replay)!);
                    }
                }

                return answers;
            }, Cancellation)))
            .ToList();
        var answered = (await Task.WhenAll(sends)).SelectMany(static x => x).ToList();

        const int Total = 2 * SendersPerInstance * SendsPerSender;
        var history = (await a.Store.GetHistoryAsync(id, null, int.MaxValue, Cancellation)).Messages;
        Assert.Equal(Enumerable.Range(1, Total).Select(static s => (long)s), history.Select(static m => m.Seq));
        Assert.Equal(Total, history.Select(static m => (m.SenderId, m.ClientMessageId)).Distinct().Count());
        Assert.Equal(Total, await LastSeqAsync(b, id));
        Assert.Equal(history, await b.Store.GetChangesAsync(id, 0, Total, Cancellation));
        // Every answer is the stored message; of a send and its replay exactly one created it.
        var stored = history.ToDictionary(static m => (m.SenderId, m.ClientMessageId));
        Assert.All(answered, r => Assert.Equal(stored[(r.Message.SenderId, r.Message.ClientMessageId)], r.Message));
        Assert.All(answered.GroupBy(static r => r.Message.Id), g => Assert.Single(g, static r => r.Created));
        // Each of a sender's sends got a later seq than the one before.
        Assert.All(history.GroupBy(static m => m.SenderId), g => Assert.Equal(Enumerable.Range(0, SendsPerSender), g.Select(static m => SendNumber(m.ClientMessageId!))));
    }

    /// <summary>
    /// Holds the instance's next batch at its seq reservation with one send in it, queues the
    /// others behind it, and releases it once all have reached the group commit, so they make one
    /// batch. Optionally holds a later command, counted from before the release.
    /// </summary>
    private static async Task<(Task<AppendResult?> First, Task<AppendResult?>[] Queued, CommandWatch.HeldCommand? Then)> HoldFirstAndQueueAsync(
        CommandWatch watch, StoreInstance instance, string conversationId, NewMessage[] queued, (Func<BsonDocument, bool> When, int Occurrence)? thenHold = null)
    {
        var reservation = watch.Hold(CommandWatch.IsSeqReservation);
        var first = instance.Store.AppendMessageAsync(Draft(conversationId, "k0"), Cancellation).AsTask();
        await reservation.Reached.WaitAsync(Cancellation);
        var rest = queued.Select(m => instance.Store.AppendMessageAsync(m, Cancellation).AsTask()).ToArray();
        await WaitUntilWaitingAsync(instance, queued.Length + 1);
        var then = thenHold is { } hold ? watch.Hold(hold.When, hold.Occurrence) : null;
        reservation.Release();
        return (first, rest, then);
    }

    /// <summary>Waits until the writes have reached the group commit; they do at once, this only lets the thread pool run them.</summary>
    private static async Task WaitUntilWaitingAsync(StoreInstance instance, int count)
    {
        var writes = instance.Part<BatchedWrites>();
        while (writes.Waiting < count)
        {
            await Task.Delay(5, Cancellation);
        }
    }

    private static int SendNumber(string clientMessageId) =>
        int.Parse(clientMessageId[(clientMessageId.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private CommandWatch Watch()
    {
        if (server.Database is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        return CommandWatch.Start(server);
    }

    private static async Task<string> CreateConversationAsync(StoreInstance instance)
    {
        var id = $"batch-{Guid.NewGuid():N}";
        await instance.Store.CreateConversationAsync(new Conversation { Id = id, Title = "t", CreatedAt = At, LastChangeAt = At }, Cancellation);
        return id;
    }

    private static NewMessage Draft(string conversationId, string clientMessageId) => new()
    {
        Id = $"{conversationId}-{clientMessageId}",
        ConversationId = conversationId,
        SenderId = "alice",
        SenderName = "Alice",
        Text = $"{clientMessageId} text",
        ClientMessageId = clientMessageId,
        CreatedAt = At,
    };

    private static MessageUpdate Change(Message message, string? newText) =>
        new() { ConversationId = message.ConversationId, MessageId = message.Id, NewText = newText, At = At.AddSeconds(1), ChangedBy = message.SenderId };

    private static async Task<long> LastSeqAsync(StoreInstance instance, string conversationId) =>
        (await instance.Store.FindConversationAsync(conversationId, Cancellation))!.LastSeq;

    /// <summary>Reads until the reader's gap threshold has passed and it moved past the dead writer's seqs.</summary>
    private static async Task<long> WaitForLastSeqAsync(StoreInstance instance, string conversationId, long expected)
    {
        while (await LastSeqAsync(instance, conversationId) < expected)
        {
            await Task.Delay(Short / 3, Cancellation);
        }

        return await LastSeqAsync(instance, conversationId);
    }
}
