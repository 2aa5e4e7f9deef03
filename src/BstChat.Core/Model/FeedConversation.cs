namespace BstChat;

/// <summary>A conversation in a user-feed answer: its inbox entry and which of its changes the answer carries.</summary>
/// <param name="Entry">The inbox entry: title, last seq, the user's read marker, unread count, last message.</param>
/// <param name="AfterSeq">The answer's messages of this conversation follow this sequence number; <see langword="null"/> when it is new to the cursor.</param>
/// <param name="ThroughSeq">The feed's position in it after this answer.</param>
/// <param name="HasMore">
/// Its changes are not in this answer (more than a page, or new to the cursor) although the feed's
/// position moved to <paramref name="ThroughSeq"/>: a client showing it catches up from the
/// conversation's own feed.
/// </param>
public sealed record FeedConversation(InboxEntry Entry, long? AfterSeq, long ThroughSeq, bool HasMore);
