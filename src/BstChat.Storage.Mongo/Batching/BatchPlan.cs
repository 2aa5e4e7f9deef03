using BstChat.Storage.Mongo.Claims;
using BstChat.Storage.Mongo.Documents;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// The decisions of a group commit as pure logic (see docs/mongo-gap-free-prefix.md, "Group
/// commit"); the reads and writes are <see cref="BatchCommitter"/>'s. A batch keeps the claim
/// protocol write by write: only a write that holds its claim takes a seq, so a batch takes, per
/// conversation, exactly as many seqs as it will store changes, in one <c>$inc</c>, and hands
/// them out in arrival order. Two writes of one batch never race each other in the database,
/// which would make one of them wait for the other and so for the batch itself: a replay of a
/// send earlier in the batch answers with that send's message, and a second change of one message
/// runs after the batch, as one writer holds a message's claim at a time. Whatever would make a
/// write wait (another writer's claim, a change not yet recorded) sends it to the protocol's own
/// loop after the batch, so one slow write never holds up the others.
/// </summary>
internal static class BatchPlan
{
    /// <summary>What each write does, from the batch alone, before any I/O.</summary>
    /// <param name="writes">The batch, in arrival order.</param>
    public static IReadOnlyList<WritePlan> Roles(IReadOnlyList<StoreWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var plans = new WritePlan[writes.Count];
        var firstSendOfClaim = new Dictionary<string, int>(StringComparer.Ordinal);
        // A message's _id is unique across conversations, so it names the document on its own.
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var first = touched.Add(write.MessageId);
            if (write.Send is not { } send)
            {
                plans[i] = new WritePlan(first ? WriteRole.Claim : WriteRole.AfterBatch);
            }
            else if (send.ClientMessageId is not { } clientMessageId)
            {
                plans[i] = new WritePlan(WriteRole.Unclaimed);
            }
            else if (firstSendOfClaim.TryGetValue(DocumentIds.SendClaim(send.ConversationId, send.SenderId, clientMessageId), out var replayed))
            {
                plans[i] = new WritePlan(WriteRole.Replay, replayed);
            }
            else
            {
                firstSendOfClaim.Add(DocumentIds.SendClaim(send.ConversationId, send.SenderId, clientMessageId), i);
                plans[i] = new WritePlan(WriteRole.Claim);
            }
        }

        return plans;
    }

    /// <summary>What the batch does with an edit or delete of <paramref name="message"/>, as it read it.</summary>
    /// <param name="message">The message, or <see langword="null"/> when there is none with that id.</param>
    /// <param name="update">The change.</param>
    /// <param name="recorded">For a message whose claim holder applied a change: what the batch found at that change's seq, or <see langword="null"/> when nothing is there yet.</param>
    /// <param name="threshold">The gap threshold.</param>
    public static ChangeAction ForChange(MessageDocument? message, MessageUpdate update, RecordedChange? recorded, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (message is null || !string.Equals(message.ConversationId, update.ConversationId, StringComparison.Ordinal))
        {
            return new ChangeAction(ChangeActionKind.NotFound);
        }

        // The batch has seen no claim for any time, so it never takes one over: waiting it out is the loop's.
        var step = ClaimRules.NextForChange(message, update.NewText, recorded, heldFor: TimeSpan.Zero, threshold);
        return step.Kind switch
        {
            ChangeStepKind.LeaveAsIs => new ChangeAction(ChangeActionKind.LeaveAsIs),
            ChangeStepKind.Claim => new ChangeAction(ChangeActionKind.Claim, step.ExpectedOwner),
            _ => new ChangeAction(ChangeActionKind.RunAlone),
        };
    }

    /// <summary>The seqs the batch takes: per conversation, one for each write that holds its claim (or needs none).</summary>
    /// <param name="writes">The batch.</param>
    /// <param name="takesSeq">Per write, whether it takes a seq.</param>
    public static IReadOnlyList<SeqDemand> Demands(IReadOnlyList<StoreWrite> writes, IReadOnlyList<bool> takesSeq)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(takesSeq);
        var demands = new Dictionary<string, SeqDemand>(StringComparer.Ordinal);
        for (var i = 0; i < writes.Count; i++)
        {
            if (!takesSeq[i])
            {
                continue;
            }

            var write = writes[i];
            demands[write.ConversationId] = demands.TryGetValue(write.ConversationId, out var demand)
                ? demand with { Count = demand.Count + 1, LatestAt = demand.LatestAt > write.At ? demand.LatestAt : write.At }
                : new SeqDemand(write.ConversationId, 1, write.At);
        }

        return [.. demands.Values];
    }

    /// <summary>
    /// Hands out the seqs: the n writes of a conversation that take one get the n seqs up to the
    /// last one its <c>$inc</c> returned, in arrival order, so one caller's writes keep their order.
    /// </summary>
    /// <param name="writes">The batch.</param>
    /// <param name="takesSeq">Per write, whether it takes a seq; as given to <see cref="Demands"/>.</param>
    /// <param name="lastTaken">Per conversation that exists, the last seq its <c>$inc</c> took.</param>
    /// <returns>Per write, its seq; <see langword="null"/> for a write that takes none, or whose conversation does not exist.</returns>
    public static IReadOnlyList<long?> Assign(IReadOnlyList<StoreWrite> writes, IReadOnlyList<bool> takesSeq, IReadOnlyDictionary<string, long> lastTaken)
    {
        ArgumentNullException.ThrowIfNull(lastTaken);
        var next = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var demand in Demands(writes, takesSeq))
        {
            if (lastTaken.TryGetValue(demand.ConversationId, out var last))
            {
                next[demand.ConversationId] = last - demand.Count + 1;
            }
        }

        var seqs = new long?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            if (takesSeq[i] && next.TryGetValue(writes[i].ConversationId, out var seq))
            {
                seqs[i] = seq;
                next[writes[i].ConversationId] = seq + 1;
            }
        }

        return seqs;
    }

    /// <summary>
    /// The batch's answers: a replay of a send earlier in the batch answers with that send's
    /// message as a replay (<c>Created: false</c>), or <see langword="null"/> with it; a replay of a
    /// send that failed or ran alone runs alone too, and finds whatever that send left.
    /// </summary>
    /// <param name="plans">The roles, from <see cref="Roles"/>.</param>
    /// <param name="outcomes">Every write's outcome but the replays'.</param>
    public static IReadOnlyList<WriteOutcome> Resolve(IReadOnlyList<WritePlan> plans, IReadOnlyList<WriteOutcome?> outcomes)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(outcomes);
        var answers = new WriteOutcome[plans.Count];
        for (var i = 0; i < plans.Count; i++)
        {
            answers[i] = plans[i].Role == WriteRole.Replay
                ? outcomes[plans[i].ReplayOf] switch
                {
                    WriteOutcome.Sent { Result: { } first } => new WriteOutcome.Sent(first with { Created = false }),
                    WriteOutcome.Sent { Result: null } => new WriteOutcome.Sent(null),
                    _ => WriteOutcome.RunAlone,
                }
                : outcomes[i] ?? throw new InvalidOperationException($"Write {i} of the batch was left without an answer.");
        }

        return answers;
    }
}
