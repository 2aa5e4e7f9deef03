namespace BstChat;

/// <summary>One conversation in a user's inbox.</summary>
/// <param name="Conversation">The conversation.</param>
/// <param name="LastReadSeq">The user's read marker in it.</param>
/// <param name="UnreadCount">Messages after the read marker that others sent and that are not deleted.</param>
/// <param name="LastMessage">The latest message that is not deleted, if any.</param>
public sealed record InboxEntry(Conversation Conversation, long LastReadSeq, long UnreadCount, Message? LastMessage);
