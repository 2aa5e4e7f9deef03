namespace BstChat.Typing;

/// <summary>Who is typing in a conversation at one moment.</summary>
/// <param name="Users">The users typing, ordered by user id.</param>
/// <param name="NextExpiry">When the first entry expires, so a waiting reader can show its disappearance; null when nobody types.</param>
public sealed record TypingSnapshot(IReadOnlyList<TypingUser> Users, DateTimeOffset? NextExpiry)
{
    /// <summary>Nobody typing.</summary>
    public static TypingSnapshot Empty { get; } = new([], null);
}
