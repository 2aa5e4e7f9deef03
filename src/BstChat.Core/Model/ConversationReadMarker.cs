namespace BstChat;

/// <summary>A member's read marker in one of the user's conversations.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="UserId">The member.</param>
/// <param name="LastReadSeq">Read up to this sequence number.</param>
public sealed record ConversationReadMarker(string ConversationId, string UserId, long LastReadSeq);
