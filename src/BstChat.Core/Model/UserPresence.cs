namespace BstChat;

/// <summary>Whether a user is online, as this site sees them.</summary>
/// <param name="UserId">The user.</param>
/// <param name="IsOnline">One of their feed requests is held, or was answered within <see cref="BstChatOptions.PresenceGracePeriod"/>.</param>
/// <param name="LastSeenAt">When they were last seen, for a user who is not online; <see langword="null"/> when online or never seen.</param>
public sealed record UserPresence(string UserId, bool IsOnline, DateTimeOffset? LastSeenAt);
