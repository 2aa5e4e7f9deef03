namespace BstChat;

/// <summary>A member who is typing.</summary>
/// <param name="UserId">The member's user id.</param>
/// <param name="DisplayName">The member's display name.</param>
public sealed record TypingUser(string UserId, string DisplayName);
