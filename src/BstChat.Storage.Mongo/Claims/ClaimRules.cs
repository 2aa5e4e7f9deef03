using BstChat.Storage.Mongo.Documents;

namespace BstChat.Storage.Mongo.Claims;

/// <summary>
/// What a writer does next, given what it read: the pure half of the claim protocol (see
/// docs/mongo-gap-free-prefix.md); the reads and conditional writes are in <c>Writes/</c>.
/// A writer takes a seq only while it holds a claim, and only for a change it will store, so
/// losers of a race never take one. A claim whose holder stays silent for the gap threshold is
/// taken for a dead writer's and taken over, as readers pass a dead writer's gap.
/// </summary>
internal static class ClaimRules
{
    /// <summary>The next step of an edit (<paramref name="newText"/> set) or a delete of <paramref name="message"/>.</summary>
    /// <param name="message">The message as just read.</param>
    /// <param name="newText">The edit's text, or <see langword="null"/> for a delete.</param>
    /// <param name="recorded">What the writer found at the seq of the claim it last saw, if it looked.</param>
    /// <param name="heldFor">How long this writer has seen the message's present claim unchanged.</param>
    /// <param name="threshold">The gap threshold: how long a writer may stay silent before it is taken for dead.</param>
    public static ChangeStep NextForChange(MessageDocument message, string? newText, RecordedChange? recorded, TimeSpan heldFor, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(message);

        // A tombstone is final and an edit to the text it has is no change: neither takes a seq.
        // Both read the message as of the last change applied, which is where they take effect.
        if (message.DeletedAt is not null || (newText is not null && message.Text == newText))
        {
            return new ChangeStep(ChangeStepKind.LeaveAsIs);
        }

        if (message.Claim is not { } claim)
        {
            return new ChangeStep(ChangeStepKind.Claim);
        }

        if (claim.Seq is { } seq)
        {
            // The holder applied its change at seq; the claim is free once seq's change document
            // records it. Recording it for the holder is safe: the change is in the message.
            if (recorded is not { } known || known.Seq != seq)
            {
                return new ChangeStep(ChangeStepKind.RecordHoldersChange, Seq: seq);
            }

            if (known.RecordsMessage)
            {
                return new ChangeStep(ChangeStepKind.Claim, claim.Owner);
            }

            // Readers passed seq as a dead writer's gap before the change was applied: the holder
            // is moving its change to a new seq, or died doing so.
        }

        return heldFor >= threshold
            ? new ChangeStep(ChangeStepKind.TakeOver, claim.Owner)
            : new ChangeStep(ChangeStepKind.Wait);
    }

    /// <summary>The next step of a send that found its client message id claimed by another send.</summary>
    /// <param name="stored">The message that claim stores, if it is there yet.</param>
    /// <param name="heldFor">How long this writer has seen the claim held by the same writer.</param>
    /// <param name="threshold">The gap threshold.</param>
    public static SendStep NextForSend(MessageDocument? stored, TimeSpan heldFor, TimeSpan threshold) =>
        stored is not null ? SendStep.ReturnStored
        : heldFor >= threshold ? SendStep.TakeOver
        : SendStep.Wait;
}
