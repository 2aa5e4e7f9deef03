using BstChat.Storage.Mongo.Batching;
using BstChat.Storage.Mongo.Claims;
using BstChat.Storage.Mongo.Documents;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Batching;

/// <summary>The decisions of a group commit: roles inside a batch, the seqs it takes and hands out, and its answers.</summary>
public sealed class BatchPlanTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_replay_of_a_send_earlier_in_the_batch_points_at_it_and_a_send_without_a_client_message_id_needs_no_claim()
    {
        StoreWrite[] writes = [Send("m1", "k1"), Send("m2", clientMessageId: null), Send("m3", "k1"), Send("m4", "k1", sender: "bob"), Send("m5", "k1", conversation: "c2")];

        Assert.Equal(
            [new WritePlan(WriteRole.Claim), new WritePlan(WriteRole.Unclaimed), new WritePlan(WriteRole.Replay, 0), new WritePlan(WriteRole.Claim), new WritePlan(WriteRole.Claim)],
            BatchPlan.Roles(writes));
    }

    [Fact]
    public void A_second_change_of_one_message_and_a_change_of_a_message_the_batch_sends_run_after_the_batch()
    {
        StoreWrite[] writes = [Edit("a", "x"), Delete("a"), Edit("b", "y"), Send("new", "k1"), Edit("new", "z"), Edit("c", "w")];

        Assert.Equal(
            [WriteRole.Claim, WriteRole.AfterBatch, WriteRole.Claim, WriteRole.Claim, WriteRole.AfterBatch, WriteRole.Claim],
            BatchPlan.Roles(writes).Select(static p => p.Role));
    }

    [Fact]
    public void A_change_is_claimed_left_as_it_is_or_sent_to_run_alone_by_the_claim_rules_without_ever_taking_a_claim_over()
    {
        var update = Edit("a", "new").Change!;
        var applied = Message("a", claim: new ChangeClaim { Owner = "w1", Seq = 1 });

        Assert.Equal(new ChangeAction(ChangeActionKind.NotFound), BatchPlan.ForChange(null, update, null, Threshold));
        Assert.Equal(new ChangeAction(ChangeActionKind.NotFound), BatchPlan.ForChange(Message("a", conversation: "other"), update, null, Threshold));
        Assert.Equal(new ChangeAction(ChangeActionKind.LeaveAsIs), BatchPlan.ForChange(Message("a", text: "new"), update, null, Threshold));
        Assert.Equal(new ChangeAction(ChangeActionKind.Claim), BatchPlan.ForChange(Message("a"), update, null, Threshold));
        // A holder whose change is recorded has let go: the batch claims from it.
        Assert.Equal(new ChangeAction(ChangeActionKind.Claim, "w1"), BatchPlan.ForChange(applied, update, new RecordedChange(1, RecordsMessage: true), Threshold));
        // Not recorded yet, or passed by readers, or not applied yet: the claim protocol's loop deals with it, alone.
        Assert.Equal(new ChangeAction(ChangeActionKind.RunAlone), BatchPlan.ForChange(applied, update, null, Threshold));
        Assert.Equal(new ChangeAction(ChangeActionKind.RunAlone), BatchPlan.ForChange(applied, update, new RecordedChange(1, RecordsMessage: false), Threshold));
        Assert.Equal(new ChangeAction(ChangeActionKind.RunAlone), BatchPlan.ForChange(Message("a", claim: new ChangeClaim { Owner = "w1" }), update, null, TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Each_conversation_takes_one_seq_per_write_that_will_store_a_change_in_one_demand_with_its_latest_time()
    {
        StoreWrite[] writes = [Send("m1", "k1"), Send("m2", "k2", conversation: "c2", at: At.AddSeconds(9)), Edit("a", "x", at: At.AddSeconds(3)), Send("m3", "k3"), Send("m4", "k4", conversation: "c2")];
        bool[] takesSeq = [true, true, true, false, true];

        var demands = BatchPlan.Demands(writes, takesSeq).OrderBy(static d => d.ConversationId, StringComparer.Ordinal);

        Assert.Equal([new SeqDemand("c1", 2, At.AddSeconds(3)), new SeqDemand("c2", 2, At.AddSeconds(9))], demands);
    }

    [Fact]
    public void The_seqs_taken_are_handed_out_in_arrival_order_ending_at_the_last_one_and_none_where_the_conversation_is_missing()
    {
        StoreWrite[] writes = [Send("m1", "k1"), Send("m2", "k2", conversation: "c2"), Edit("a", "x"), Send("m3", "k3"), Send("m4", "k4", conversation: "gone"), Send("m5", "k5")];
        bool[] takesSeq = [true, true, true, false, true, true];

        var seqs = BatchPlan.Assign(writes, takesSeq, new Dictionary<string, long> { ["c1"] = 20, ["c2"] = 7 });

        Assert.Equal([18L, 7L, 19L, null, null, 20L], seqs);
    }

    [Fact]
    public void A_replay_inside_the_batch_answers_with_the_first_send_as_a_replay_or_runs_alone_when_that_send_did_not_answer()
    {
        var message = new NewMessage { Id = "m1", ConversationId = "c1", SenderId = "alice", SenderName = "Alice", Text = "hi", ClientMessageId = "k1", CreatedAt = At }.ToMessage(4);
        WritePlan[] plans = [new(WriteRole.Claim), new(WriteRole.Replay, 0), new(WriteRole.Claim), new(WriteRole.Replay, 2), new(WriteRole.Claim), new(WriteRole.Replay, 4)];
        WriteOutcome?[] outcomes =
        [
            new WriteOutcome.Sent(new AppendResult(message, Created: true)), null,
            new WriteOutcome.Sent(null), null,
            new WriteOutcome.Failed(new TimeoutException()), null,
        ];

        var answers = BatchPlan.Resolve(plans, outcomes);

        Assert.Equal(new WriteOutcome.Sent(new AppendResult(message, Created: false)), answers[1]);
        Assert.Equal(new WriteOutcome.Sent(null), answers[3]);
        Assert.Same(WriteOutcome.RunAlone, answers[5]);
        Assert.Equal([outcomes[0], outcomes[2], outcomes[4]], [answers[0], answers[2], answers[4]]);
    }

    [Fact]
    public void A_write_left_without_an_answer_is_a_bug_not_a_silent_null()
    {
        Assert.Throws<InvalidOperationException>(() => BatchPlan.Resolve([new WritePlan(WriteRole.Claim)], [null]));
    }

    private static StoreWrite Send(string id, string? clientMessageId, string sender = "alice", string conversation = "c1", DateTimeOffset? at = null) =>
        StoreWrite.ForSend(new NewMessage
        {
            Id = id,
            ConversationId = conversation,
            SenderId = sender,
            SenderName = sender,
            Text = "hi",
            ClientMessageId = clientMessageId,
            CreatedAt = at ?? At,
        });

    private static StoreWrite Edit(string messageId, string text, DateTimeOffset? at = null) =>
        StoreWrite.ForChange(new MessageUpdate { ConversationId = "c1", MessageId = messageId, NewText = text, At = at ?? At, ChangedBy = "alice" });

    private static StoreWrite Delete(string messageId) =>
        StoreWrite.ForChange(new MessageUpdate { ConversationId = "c1", MessageId = messageId, NewText = null, At = At, ChangedBy = "alice" });

    private static MessageDocument Message(string id, string text = "old", string conversation = "c1", ChangeClaim? claim = null) => new()
    {
        Id = id,
        ConversationId = conversation,
        Seq = 1,
        ChangeSeq = 1,
        Text = text,
        Claim = claim,
    };
}
