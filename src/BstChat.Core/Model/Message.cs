namespace BstChat;

/// <summary>A message in its current state: a deleted message is a tombstone with empty text.</summary>
public sealed record Message
{
    /// <summary>The server-made id, unique across conversations.</summary>
    public required string Id { get; init; }

    /// <summary>The conversation the message belongs to.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The message's place in the conversation, taken when it was sent; never changes.</summary>
    public required long Seq { get; init; }

    /// <summary>The sequence number of the message's latest change (send, edit or delete).</summary>
    public required long ChangeSeq { get; init; }

    /// <summary>The sender's user id; empty for a system message.</summary>
    public required string SenderId { get; init; }

    /// <summary>The sender's display name when the message was sent; empty for a system message.</summary>
    public required string SenderName { get; init; }

    /// <summary>The text as sent (or as last edited); empty once deleted.</summary>
    public required string Text { get; init; }

    /// <summary>The sender's idempotency key, when the client supplied one.</summary>
    public string? ClientMessageId { get; init; }

    /// <summary>When the message was sent.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The files the message carries, in the order attached; none once deleted.</summary>
    public MessageAttachments Attachments { get; init; } = MessageAttachments.Empty;

    /// <summary>When the text was last edited, if ever.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>When the message was deleted, if it was.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Whether the message is a tombstone.</summary>
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Whether the host application sent the message rather than a user.</summary>
    public bool IsSystem => SenderId.Length == 0;
}
