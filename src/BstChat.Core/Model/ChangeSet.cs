namespace BstChat;

/// <summary>One answer of the change feed.</summary>
public sealed record ChangeSet
{
    /// <summary>The cursor to ask with next time; covers messages, typing and read markers.</summary>
    public required ChatCursor Cursor { get; init; }

    /// <summary>Messages changed after the asked cursor, in <see cref="Message.ChangeSeq"/> order, current state only.</summary>
    public required IReadOnlyList<Message> Messages { get; init; }

    /// <summary>Whether more changes are waiting: ask again at once with <see cref="Cursor"/>.</summary>
    public bool HasMore { get; init; }

    /// <summary>Who is typing now.</summary>
    public required IReadOnlyList<TypingUser> Typing { get; init; }

    /// <summary>Every member's read marker.</summary>
    public required IReadOnlyList<ReadMarker> ReadMarkers { get; init; }

    /// <summary>How long a client that polls rather than waits should wait before asking again.</summary>
    public required TimeSpan PollAfter { get; init; }
}
