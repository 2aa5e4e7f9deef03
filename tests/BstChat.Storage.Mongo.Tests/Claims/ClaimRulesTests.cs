using BstChat.Storage.Mongo.Claims;
using BstChat.Storage.Mongo.Documents;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Claims;

/// <summary>What an edit, delete or send does next, given the message or claim it read.</summary>
public sealed class ClaimRulesTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Young = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_free_message_is_claimed_by_an_edit_or_a_delete()
    {
        Assert.Equal(new ChangeStep(ChangeStepKind.Claim), Edit(Message(), "new"));
        Assert.Equal(new ChangeStep(ChangeStepKind.Claim), Delete(Message()));
    }

    [Fact]
    public void A_tombstone_and_an_edit_to_the_same_text_take_no_seq_whoever_holds_the_message()
    {
        var tombstone = Message(deleted: true);
        var held = Message(claim: new ChangeClaim { Owner = "w1" });

        Assert.Equal(ChangeStepKind.LeaveAsIs, Edit(tombstone, "new").Kind);
        Assert.Equal(ChangeStepKind.LeaveAsIs, Delete(tombstone).Kind);
        Assert.Equal(ChangeStepKind.LeaveAsIs, Edit(Message(text: "same"), "same").Kind);
        Assert.Equal(ChangeStepKind.LeaveAsIs, Edit(held with { Text = "same" }, "same").Kind);
    }

    [Fact]
    public void A_claim_whose_holder_has_not_applied_its_change_is_waited_for()
    {
        var held = Message(claim: new ChangeClaim { Owner = "w1" });

        Assert.Equal(new ChangeStep(ChangeStepKind.Wait), Edit(held, "new", heldFor: Young));
        Assert.Equal(new ChangeStep(ChangeStepKind.Wait), Delete(held, heldFor: Threshold - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void A_claim_whose_holder_stayed_silent_for_the_threshold_is_taken_over_from_that_holder()
    {
        var held = Message(claim: new ChangeClaim { Owner = "w1" });

        Assert.Equal(new ChangeStep(ChangeStepKind.TakeOver, "w1"), Edit(held, "new", heldFor: Threshold));
    }

    [Fact]
    public void An_applied_change_is_recorded_for_its_holder_before_anything_else()
    {
        // The holder died, or is about to write its change document: either way the change is in
        // the message, so recording it is safe and frees the claim without waiting.
        var applied = Message(claim: new ChangeClaim { Owner = "w1", Seq = 7 });

        Assert.Equal(new ChangeStep(ChangeStepKind.RecordHoldersChange, Seq: 7), Edit(applied, "new"));
        Assert.Equal(new ChangeStep(ChangeStepKind.RecordHoldersChange, Seq: 7), Edit(applied, "new", heldFor: Threshold));
        Assert.Equal(new ChangeStep(ChangeStepKind.RecordHoldersChange, Seq: 7), Edit(applied, "new", recorded: new RecordedChange(6, true)));
    }

    [Fact]
    public void A_claim_whose_change_is_recorded_is_released_and_claimed_from_its_holder()
    {
        var applied = Message(claim: new ChangeClaim { Owner = "w1", Seq = 7 });

        Assert.Equal(new ChangeStep(ChangeStepKind.Claim, "w1"), Edit(applied, "new", recorded: new RecordedChange(7, RecordsMessage: true)));
    }

    [Fact]
    public void A_holder_whose_seq_readers_passed_without_its_change_is_moving_it_and_is_waited_for()
    {
        var moving = Message(claim: new ChangeClaim { Owner = "w1", Seq = 7 });
        var passed = new RecordedChange(7, RecordsMessage: false);

        Assert.Equal(new ChangeStep(ChangeStepKind.Wait), Edit(moving, "new", passed, Young));
        Assert.Equal(new ChangeStep(ChangeStepKind.TakeOver, "w1"), Edit(moving, "new", passed, Threshold));
    }

    [Fact]
    public void A_replay_answers_with_the_stored_message_waits_for_one_in_flight_and_takes_over_a_silent_send()
    {
        var stored = Message();

        Assert.Equal(SendStep.ReturnStored, ClaimRules.NextForSend(stored.ToDocument(), Threshold * 10, Threshold));
        Assert.Equal(SendStep.Wait, ClaimRules.NextForSend(null, Young, Threshold));
        Assert.Equal(SendStep.TakeOver, ClaimRules.NextForSend(null, Threshold, Threshold));
    }

    private static ChangeStep Edit(Stub message, string text, RecordedChange? recorded = null, TimeSpan heldFor = default) =>
        ClaimRules.NextForChange(message.ToDocument(), text, recorded, heldFor, Threshold);

    private static ChangeStep Delete(Stub message, TimeSpan heldFor = default) =>
        ClaimRules.NextForChange(message.ToDocument(), newText: null, recorded: null, heldFor, Threshold);

    private static Stub Message(string text = "old", bool deleted = false, ChangeClaim? claim = null) => new(text, deleted, claim);

    private sealed record Stub(string Text, bool Deleted, ChangeClaim? Claim)
    {
        public MessageDocument ToDocument() => new()
        {
            Id = "m1",
            ConversationId = "c1",
            Seq = 1,
            ChangeSeq = 1,
            Text = Deleted ? "" : Text,
            DeletedAt = Deleted ? DateTime.UnixEpoch : null,
            Claim = Claim,
        };
    }
}
