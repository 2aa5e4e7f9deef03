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
}
