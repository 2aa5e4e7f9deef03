using BstChat.Storage.EfCore.Writes;

namespace BstChat.Storage.EfCore.Tests.Writes;

/// <summary>Group commit's decision without a database: each batch must answer as its writes would one after the other.</summary>
public sealed class BatchPlannerTests
{
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // Each write gets the next second, counted per test.
    private int _clock;

    [Fact]
    public void Sends_take_seqs_in_arrival_order_from_the_locked_last_seq_without_gaps()
    {
        var plan = Plan([Send("a", "m1"), Send("b", "m2"), Send("a", "m3")], LastSeqs(("a", 7), ("b", 0)));

        Assert.Equal([8L, 1L, 9L], plan.Outcomes.Select(o => o.Message!.Seq));
        Assert.All(plan.Outcomes, o => Assert.True(o.Created));
        Assert.Equal(["m1", "m2", "m3"], plan.NewMessages.Select(m => m.Id));
        Assert.Equal([("a", 9L), ("b", 1L)], plan.Conversations.Select(c => (c.ConversationId, c.LastSeq)).Order());
        Assert.Equal(At(3), plan.Conversations.Single(c => c.ConversationId == "a").LastChangeAt);
    }

    [Fact]
    public void Writes_to_an_unknown_conversation_answer_nothing_and_take_nothing()
    {
        var plan = Plan([Send("gone", "m1"), Change("gone", "m1", "x")], LastSeqs());

        Assert.All(plan.Outcomes, o => Assert.Null(o.Message));
        Assert.Empty(plan.Conversations);
        Assert.Empty(plan.NewMessages);
    }

    [Fact]
    public void A_replay_of_a_stored_send_or_of_one_earlier_in_the_batch_answers_that_message_and_takes_no_seq()
    {
        var stored = Stored("a", "old", seq: 1, clientMessageId: "c-old");
        var plan = Plan(
            [Send("a", "m1", clientMessageId: "c-old"), Send("a", "m2", clientMessageId: "c-new"), Send("a", "m3", clientMessageId: "c-new"),
                Send("a", "m4", clientMessageId: "c-new", sender: "bob")],
            LastSeqs(("a", 1)), stored);

        Assert.Equal(new WriteOutcome(stored, Created: false), plan.Outcomes[0]);
        Assert.True(plan.Outcomes[1].Created);
        Assert.Equal(new WriteOutcome(plan.Outcomes[1].Message, Created: false), plan.Outcomes[2]);
        // Another sender's id is another key.
        Assert.True(plan.Outcomes[3].Created);
        Assert.Equal([2L, 3L], plan.NewMessages.Select(m => m.Seq));
    }

    [Fact]
    public void No_op_edits_and_changes_of_a_tombstone_or_of_a_missing_message_take_no_seq()
    {
        var stored = Stored("a", "m", seq: 1, text: "same");
        var plan = Plan([Change("a", "m", "same"), Change("a", "missing", "x"), Change("a", "m", null), Change("a", "m", "after"), Change("a", "m", null)],
            LastSeqs(("a", 1)), stored);

        Assert.Equal(stored, plan.Outcomes[0].Message);
        Assert.Null(plan.Outcomes[1].Message);
        var tombstone = plan.Outcomes[2].Message!;
        Assert.True(tombstone.IsDeleted);
        Assert.Equal(2, tombstone.ChangeSeq);
        // A delete then an edit of one message in one batch: the edit sees the tombstone, as it would after it.
        Assert.Equal(tombstone, plan.Outcomes[3].Message);
        Assert.Equal(tombstone, plan.Outcomes[4].Message);
        Assert.Equal([tombstone], plan.ChangedMessages);
        Assert.Equal(2, plan.Conversations.Single().LastSeq);
        var revision = Assert.Single(plan.Revisions);
        Assert.Equal((2L, MessageRevisionKind.Deleted, "same"), (revision.ChangeSeq, revision.Kind, revision.PreviousText));
    }

    [Fact]
    public void Edits_of_one_message_chain_their_revisions_and_store_its_last_state_once()
    {
        var stored = Stored("a", "m", seq: 1, text: "v0");
        var plan = Plan([Change("a", "m", "v1"), Change("a", "m", "v2")], LastSeqs(("a", 1)), stored);

        Assert.Equal([("v0", 2L), ("v1", 3L)], plan.Revisions.Select(r => (r.PreviousText, r.ChangeSeq)));
        var last = Assert.Single(plan.ChangedMessages);
        Assert.Equal(("v2", 3L, At(2)), (last.Text, last.ChangeSeq, last.EditedAt));
        Assert.Equal(last, plan.Outcomes[1].Message);
    }

    [Fact]
    public void A_message_sent_and_changed_in_one_batch_is_inserted_as_it_ends_and_a_replay_after_the_change_answers_the_change()
    {
        var plan = Plan([Send("a", "m", clientMessageId: "c"), Change("a", "m", "edited"), Send("a", "m-replay", clientMessageId: "c")], LastSeqs(("a", 0)));

        var inserted = Assert.Single(plan.NewMessages);
        Assert.Equal(("edited", 1L, 2L), (inserted.Text, inserted.Seq, inserted.ChangeSeq));
        Assert.Empty(plan.ChangedMessages);
        Assert.Equal(new WriteOutcome(inserted, Created: false), plan.Outcomes[2]);
        Assert.Equal("m", Assert.Single(plan.Revisions).MessageId);
    }

    private static BatchPlan Plan(StoreWrite[] writes, Dictionary<string, long> lastSeqs, params Message[] stored) =>
        BatchPlanner.Plan(writes, new BatchState(lastSeqs, stored));

    private static Dictionary<string, long> LastSeqs(params (string Id, long LastSeq)[] conversations) =>
        conversations.ToDictionary(c => c.Id, c => c.LastSeq, StringComparer.Ordinal);

    private static DateTimeOffset At(int second) => Epoch.AddSeconds(second);

    private SendWrite Send(string conversationId, string id, string? clientMessageId = null, string sender = "alice") => new(new NewMessage
    {
        Id = id,
        ConversationId = conversationId,
        SenderId = sender,
        SenderName = sender,
        Text = $"text of {id}",
        ClientMessageId = clientMessageId,
        CreatedAt = At(++_clock),
    });

    private ChangeWrite Change(string conversationId, string messageId, string? text) => new(new MessageUpdate
    {
        ConversationId = conversationId,
        MessageId = messageId,
        NewText = text,
        At = At(++_clock),
        ChangedBy = "alice",
    });

    private static Message Stored(string conversationId, string id, long seq, string text = "stored", string? clientMessageId = null) => new()
    {
        Id = id,
        ConversationId = conversationId,
        Seq = seq,
        ChangeSeq = seq,
        SenderId = "alice",
        SenderName = "alice",
        Text = text,
        ClientMessageId = clientMessageId,
        CreatedAt = Epoch,
    };
}
