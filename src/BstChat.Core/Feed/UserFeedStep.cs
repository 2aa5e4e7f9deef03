namespace BstChat.Feed;

/// <summary>
/// What the user feed does with one conversation, given where the cursor stands in it and its
/// head now: a pure decision, so every case of the feed rule is tested without a store. The reads
/// it calls for are <see cref="UserFeedReader"/>'s.
/// </summary>
/// <param name="Kind">Which case it is.</param>
/// <param name="AfterSeq">The sequence number the answer's messages of it follow, when it is listed.</param>
internal readonly record struct UserFeedStep(UserFeedStepKind Kind, long? AfterSeq)
{
    /// <summary>Decides one conversation's step.</summary>
    /// <param name="hasCursor">Whether the reader sent a cursor at all: without one, everything is "from now".</param>
    /// <param name="position">Where the cursor stands in it; <see langword="null"/> when the cursor does not follow it.</param>
    /// <param name="lastSeq">The conversation's last sequence number, from its head.</param>
    /// <param name="stateHash">The head's folded typing and read-marker fingerprint.</param>
    /// <param name="page">The most changes of one conversation the feed carries; beyond, the client catches up from the conversation's feed.</param>
    /// <param name="budget">How many messages this answer still has room for.</param>
    public static UserFeedStep Decide(bool hasCursor, UserCursor.Position? position, long lastSeq, uint stateHash, int page, int budget)
    {
        if (!hasCursor)
        {
            return new(UserFeedStepKind.FromNow, lastSeq);
        }

        if (position is not { } at)
        {
            return new(UserFeedStepKind.New, null);
        }

        if (at.Seq >= lastSeq)
        {
            return at.StateHash == stateHash ? new(UserFeedStepKind.Unchanged, null) : new(UserFeedStepKind.StateChanged, at.Seq);
        }

        // Changes after a seq number at most as many as the numbers after it (edits re-use none): a bound without a read.
        var atMost = lastSeq - at.Seq;
        if (atMost > page)
        {
            return new(UserFeedStepKind.TooMany, at.Seq);
        }

        return atMost <= budget ? new(UserFeedStepKind.ReadChanges, at.Seq) : new(UserFeedStepKind.Deferred, null);
    }
}

/// <summary>The cases of <see cref="UserFeedStep"/>.</summary>
internal enum UserFeedStepKind
{
    /// <summary>No cursor: listed at its head, with no messages.</summary>
    FromNow,

    /// <summary>Not in the cursor (just joined, or back in the window): listed, to be caught up from its own feed.</summary>
    New,

    /// <summary>Nothing since the cursor: not listed, position kept.</summary>
    Unchanged,

    /// <summary>Typing or read markers changed, no message: listed with no messages.</summary>
    StateChanged,

    /// <summary>Some changes: read them and list it with them.</summary>
    ReadChanges,

    /// <summary>More changes than a page: listed, position moved to the head, to be caught up from its own feed.</summary>
    TooMany,

    /// <summary>Its changes do not fit this answer: not listed, position kept, the answer says it has more.</summary>
    Deferred,
}
