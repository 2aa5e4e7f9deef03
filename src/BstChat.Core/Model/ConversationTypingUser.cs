namespace BstChat;

/// <summary>Someone typing in one of the user's conversations.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="UserId">Who is typing.</param>
/// <param name="DisplayName">Their display name there.</param>
public sealed record ConversationTypingUser(string ConversationId, string UserId, string DisplayName);
