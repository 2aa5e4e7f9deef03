using BstChat.Storage.Mongo.Documents;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// One batch on its way through <see cref="BatchCommitter"/>: per write (by index), what it holds
/// and what it has done so far. A write with an outcome is finished and takes no further step.
/// </summary>
internal sealed class WriteBatch
{
    public WriteBatch(IReadOnlyList<StoreWrite> writes)
    {
        Writes = writes;
        Plans = BatchPlan.Roles(writes);
        Outcomes = new WriteOutcome?[writes.Count];
        Owners = [.. writes.Select(static _ => Guid.NewGuid().ToString("N"))];
        SendClaimed = new bool[writes.Count];
        ClaimedMessages = new MessageDocument?[writes.Count];
        Seqs = new long?[writes.Count];
        Stored = new bool[writes.Count];
        Results = new MessageDocument?[writes.Count];
        UnusedReasons = new string?[writes.Count];
        Published = new bool[writes.Count];
    }

    public IReadOnlyList<StoreWrite> Writes { get; }

    public IReadOnlyList<WritePlan> Plans { get; }

    public WriteOutcome?[] Outcomes { get; }

    /// <summary>The token each write's claims carry, unique to it.</summary>
    public string[] Owners { get; }

    /// <summary>Whether the send inserted its client message id's claim: it must finish, or let go.</summary>
    public bool[] SendClaimed { get; }

    /// <summary>For a change holding its message's claim: the message as claimed (its text is the one the revision records).</summary>
    public MessageDocument?[] ClaimedMessages { get; }

    /// <summary>The seq each write took.</summary>
    public long?[] Seqs { get; }

    /// <summary>Whether the write's change is in its message document (the message inserted, or the change applied).</summary>
    public bool[] Stored { get; }

    /// <summary>The message as stored by the write.</summary>
    public MessageDocument?[] Results { get; }

    public int Count => Writes.Count;

    /// <summary>Whether the batch has sent its messages' writes: from then on a send's claim is never let go, as its message may be stored.</summary>
    public bool StoreAttempted { get; set; }

    /// <summary>Why a write's seq carries no change, for a write whose change was not stored.</summary>
    public string?[] UnusedReasons { get; }

    /// <summary>Whether the write's seq has its change document (written by the batch or found there).</summary>
    public bool[] Published { get; }

    /// <summary>The writes that have no outcome yet and satisfy <paramref name="predicate"/>; a replay gets its outcome from the send it replays.</summary>
    public List<int> Open(Func<int, bool> predicate) =>
        [.. Enumerable.Range(0, Count).Where(i => Outcomes[i] is null && Plans[i].Role != WriteRole.Replay && predicate(i))];

    /// <summary>The writes that took a seq.</summary>
    public List<int> WithSeqs() => [.. Enumerable.Range(0, Count).Where(i => Seqs[i] is not null)];

    /// <summary>A write that took a seq failed before storing its change: the seq will carry none.</summary>
    public void Fail(int i, Exception error, string unusedReason)
    {
        Outcomes[i] = new WriteOutcome.Failed(error);
        UnusedReasons[i] = unusedReason;
    }

    /// <summary>Whether the write is unfinished and holds a claim or needs none, so it takes a seq.</summary>
    public bool TakesSeq(int i) =>
        Outcomes[i] is null
        && (Plans[i].Role == WriteRole.Unclaimed || SendClaimed[i] || ClaimedMessages[i] is not null);

    /// <summary>Gives every unfinished write this outcome.</summary>
    public void FailOpen(Exception error)
    {
        foreach (var i in Open(static _ => true))
        {
            Outcomes[i] = new WriteOutcome.Failed(error);
        }
    }
}
