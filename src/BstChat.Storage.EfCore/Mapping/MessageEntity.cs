namespace BstChat.Storage.EfCore.Mapping;

/// <summary>A row of <c>bstchat_messages</c>: a message in its current state.</summary>
internal sealed class MessageEntity
{
    public required string Id { get; set; }

    public required string ConversationId { get; set; }

    public long Seq { get; set; }

    public long ChangeSeq { get; set; }

    public required string SenderId { get; set; }

    public required string SenderName { get; set; }

    public required string Text { get; set; }

    public string? ClientMessageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>The attachments as JSON (<see cref="StoredAttachments"/>); null when there are none.</summary>
    public string? Attachments { get; set; }
}
