namespace BstChat.Backplane;

/// <summary>One user typing in a conversation, until <paramref name="ExpiresAt"/> unless renewed.</summary>
/// <param name="User">Who is typing.</param>
/// <param name="ExpiresAt">
/// When the entry stops showing: an absolute time from the clock of the instance that received the
/// signal, so instances agree on it as far as their clocks agree.
/// </param>
public sealed record TypingEntry(TypingUser User, DateTimeOffset ExpiresAt);
