namespace BstChat.Storage.Mongo.Claims;

/// <summary>What an edit or delete does next.</summary>
internal enum ChangeStepKind
{
    /// <summary>Nothing to change (a tombstone, or the same text): answer with the message, take no seq.</summary>
    LeaveAsIs,

    /// <summary>Claim the message, free or released by <see cref="ChangeStep.ExpectedOwner"/>.</summary>
    Claim,

    /// <summary>Record the holder's applied change at <see cref="ChangeStep.Seq"/>, then look again.</summary>
    RecordHoldersChange,

    /// <summary>Another writer holds the claim: look again shortly.</summary>
    Wait,

    /// <summary>The holder has been silent for the threshold: take its claim over.</summary>
    TakeOver,
}

/// <param name="Kind">The step.</param>
/// <param name="ExpectedOwner">For a claim or a takeover: the holder whose claim is replaced, if any; the write is conditional on it.</param>
/// <param name="Seq">For <see cref="ChangeStepKind.RecordHoldersChange"/>: the seq to record.</param>
internal readonly record struct ChangeStep(ChangeStepKind Kind, string? ExpectedOwner = null, long? Seq = null);
