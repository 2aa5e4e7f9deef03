namespace BstChat;

/// <summary>A conversation: the unit of membership and of the change feed.</summary>
public sealed record Conversation
{
    /// <summary>The id chosen by the host application, e.g. <c>lesson-42</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The title shown in inboxes.</summary>
    public required string Title { get; init; }

    /// <summary>When the conversation was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The sequence number of the latest change whose changes, and all before it, are visible
    /// to readers. Zero for a conversation with no messages yet.
    /// </summary>
    public long LastSeq { get; init; }

    /// <summary>When the latest change (send, edit or delete) was made; <see cref="CreatedAt"/> before any.</summary>
    public required DateTimeOffset LastChangeAt { get; init; }
}
