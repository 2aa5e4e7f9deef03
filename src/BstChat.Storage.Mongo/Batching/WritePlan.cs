namespace BstChat.Storage.Mongo.Batching;

/// <summary>What a write of a batch does, decided from the batch alone before any I/O.</summary>
internal enum WriteRole
{
    /// <summary>Claims what it changes (its client message id, or the message) and takes a seq only while it holds the claim.</summary>
    Claim,

    /// <summary>A send without a client message id: it cannot lose a race, so it takes a seq at once.</summary>
    Unclaimed,

    /// <summary>A replay of a send earlier in the batch: it answers with that send's message.</summary>
    Replay,

    /// <summary>A change of a message an earlier write of the batch sends or changes: it runs after the batch, on the state the batch left.</summary>
    AfterBatch,
}

/// <param name="Role">What the write does.</param>
/// <param name="ReplayOf">For <see cref="WriteRole.Replay"/>: the index of the send it replays.</param>
internal readonly record struct WritePlan(WriteRole Role, int ReplayOf = -1);
