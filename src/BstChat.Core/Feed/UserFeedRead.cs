namespace BstChat.Feed;

/// <summary>One read of the user feed.</summary>
/// <param name="Set">What the reader is told.</param>
/// <param name="Changed">Whether anything is new to the cursor read from: a waiting request answers only then.</param>
/// <param name="PresenceChangesAt">When the presence shown changes by itself (someone online with nothing held goes offline).</param>
/// <param name="Contacts">The other members of the conversations read: whom to tell when the user comes online.</param>
internal sealed record UserFeedRead(UserChangeSet Set, bool Changed, DateTimeOffset PresenceChangesAt, IReadOnlyCollection<string> Contacts);
