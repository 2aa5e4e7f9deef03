namespace BstChat.Feed;

/// <summary>A change-feed answer, when the read it came from goes stale (the re-check or a typing entry's expiry), and that read's version.</summary>
/// <param name="Set">What the reader is told.</param>
/// <param name="ValidUntil">When a reader holding this answer must be re-checked even without a notification.</param>
/// <param name="Version">The version of the head the answer came from, for the re-check to compare.</param>
internal readonly record struct FeedAnswer(ChangeSet Set, DateTimeOffset ValidUntil, HeadVersion Version)
{
    /// <summary>The answer a member gets from a head and the changes read after their cursor.</summary>
    /// <param name="head">The conversation's head, which the reader is a member of.</param>
    /// <param name="afterSeq">The reader's cursor seq; <see langword="null"/> without a cursor.</param>
    /// <param name="messages">The changes after <paramref name="afterSeq"/>, at most <see cref="BstChatOptions.MaxPageSize"/>.</param>
    /// <param name="now">The time now, for whether the conversation is busy.</param>
    /// <param name="options">The poll intervals and page size.</param>
    public static FeedAnswer Of(ConversationHead head, long? afterSeq, IReadOnlyList<Message> messages, DateTimeOffset now, BstChatOptions options)
    {
        var conversation = head.Conversation;
        var typing = head.Typing.Users;
        var seenUpTo = messages.Count > 0 ? messages[^1].ChangeSeq : afterSeq ?? conversation.LastSeq;
        // A full page may have more behind it: the client asks again at once.
        var hasMore = messages.Count == options.MaxPageSize;
        var busy = typing.Count > 0 || now - conversation.LastChangeAt < options.BusyWindow;
        var set = new ChangeSet
        {
            Cursor = new ChatCursor(seenUpTo, head.StateHash),
            Messages = messages,
            HasMore = hasMore,
            Typing = typing,
            ReadMarkers = head.ReadMarkers,
            PollAfter = hasMore ? TimeSpan.Zero : busy ? options.BusyPollInterval : options.QuietPollInterval,
        };
        return new FeedAnswer(set, head.ValidUntil, head.Version);
    }
}
