namespace BstChat.Storage.EfCore.Mapping;

/// <summary>A row of <c>bstchat_message_revisions</c>: the text an edit or a delete replaced, who made it and when.</summary>
internal sealed class MessageRevisionEntity
{
    public required string ConversationId { get; set; }

    public long ChangeSeq { get; set; }

    public required string MessageId { get; set; }

    public MessageRevisionKind Kind { get; set; }

    public required string PreviousText { get; set; }

    public required string ChangedBy { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
