namespace BstChat.Storage.EfCore.Writes;

/// <summary>What a batch writes, as <see cref="BatchPlanner"/> decided it; applied in one transaction.</summary>
/// <param name="Outcomes">One per write, in the batch's order.</param>
/// <param name="Conversations">Each conversation that took seqs, with its new <c>last_seq</c>.</param>
/// <param name="NewMessages">The messages the batch creates, as they stand at the end of the batch, in seq order.</param>
/// <param name="ChangedMessages">Messages stored before the batch that it edits or deletes, as they stand at its end.</param>
/// <param name="Revisions">The record of every edit and delete, in seq order.</param>
internal sealed record BatchPlan(
    IReadOnlyList<WriteOutcome> Outcomes,
    IReadOnlyList<ConversationAdvance> Conversations,
    IReadOnlyList<Message> NewMessages,
    IReadOnlyList<Message> ChangedMessages,
    IReadOnlyList<MessageRevision> Revisions);

/// <summary>A conversation's counters after a batch: its last seq and the time of its last change.</summary>
internal sealed record ConversationAdvance(string ConversationId, long LastSeq, DateTimeOffset LastChangeAt);
