namespace BstChat.Storage;

/// <summary>A message to append; the store assigns its sequence number.</summary>
public sealed record NewMessage
{
    /// <summary>The server-made id.</summary>
    public required string Id { get; init; }

    /// <summary>The conversation to append to.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The sender's user id; empty for a system message.</summary>
    public required string SenderId { get; init; }

    /// <summary>The sender's display name.</summary>
    public required string SenderName { get; init; }

    /// <summary>The text, already validated.</summary>
    public required string Text { get; init; }

    /// <summary>The sender's idempotency key, if any.</summary>
    public string? ClientMessageId { get; init; }

    /// <summary>When the message was sent.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The files the message carries, already claimed for it.</summary>
    public MessageAttachments Attachments { get; init; } = MessageAttachments.Empty;

    /// <summary>The message as a store keeps it once appended at <paramref name="seq"/>, which is also its first change.</summary>
    /// <remarks>Every store builds the stored message with this, so all stores store the same thing; timestamps are as given, at full precision.</remarks>
    /// <param name="seq">The sequence number the append took.</param>
    /// <returns>The stored message: not edited, not deleted.</returns>
    public Message ToMessage(long seq) => new()
    {
        Id = Id,
        ConversationId = ConversationId,
        Seq = seq,
        ChangeSeq = seq,
        SenderId = SenderId,
        SenderName = SenderName,
        Text = Text,
        ClientMessageId = ClientMessageId,
        CreatedAt = CreatedAt,
        Attachments = Attachments,
    };
}
