namespace BstChat.Presence;

/// <summary>The presence of a set of users at one moment.</summary>
/// <param name="Users">Each user asked about, in the order asked.</param>
/// <param name="NextChange">
/// The first time one of them changes by itself (an online user with nothing held going
/// offline), so a waiting reader can show it; <see langword="null"/> when none will.
/// </param>
public sealed record PresenceSnapshot(IReadOnlyList<UserPresence> Users, DateTimeOffset? NextChange);
