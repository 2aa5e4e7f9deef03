namespace BstChat.Storage.Mongo.Batching;

/// <summary>What a batch does with an edit or delete, given the message as it read it.</summary>
internal enum ChangeActionKind
{
    /// <summary>There is no such message: answer <see langword="null"/>.</summary>
    NotFound,

    /// <summary>Nothing to change (a tombstone, or the same text): answer with the message, take no seq.</summary>
    LeaveAsIs,

    /// <summary>Claim the message, free or released by <see cref="ChangeAction.ExpectedOwner"/>, in the batch.</summary>
    Claim,

    /// <summary>Another writer is busy with the message: run alone after the batch.</summary>
    RunAlone,
}

/// <param name="Kind">The action.</param>
/// <param name="ExpectedOwner">For a claim: the holder whose released claim is replaced, if any.</param>
internal readonly record struct ChangeAction(ChangeActionKind Kind, string? ExpectedOwner = null);
