namespace BstChat.Feed;

/// <summary>Why a held change-feed request stopped waiting.</summary>
internal enum WaitEnd
{
    /// <summary>A change was notified, or a re-check found the conversation changed: read again.</summary>
    Changed,

    /// <summary>The request's wait is over: answer with what there is.</summary>
    Deadline,

    /// <summary>The application is stopping: answer at once with what there is.</summary>
    Stopping,

    /// <summary>The client went away: end without an answer.</summary>
    Cancelled,
}
