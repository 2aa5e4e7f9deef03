namespace BstChat;

/// <summary>
/// One entry of a message's append-only change record: the text it had before an edit or a
/// delete, who made the change and when. Edits and deletes overwrite what members see; the record
/// keeps what was there, so a moderator can still read what a sender took back.
/// </summary>
public sealed record MessageRevision
{
    /// <summary>The conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The changed message.</summary>
    public required string MessageId { get; init; }

    /// <summary>The sequence number the change took (the message's <see cref="Message.ChangeSeq"/> right after it).</summary>
    public required long ChangeSeq { get; init; }

    /// <summary>Whether the change was an edit or a delete.</summary>
    public required MessageRevisionKind Kind { get; init; }

    /// <summary>The message's text before the change.</summary>
    public required string PreviousText { get; init; }

    /// <summary>The user who made the change; empty when the host application made it (no user).</summary>
    public required string ChangedBy { get; init; }

    /// <summary>When the change was made.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
}
