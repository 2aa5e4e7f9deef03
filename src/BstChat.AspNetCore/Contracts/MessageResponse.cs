namespace BstChat.AspNetCore.Contracts;

/// <summary>A message as the API shows it; a tombstone has empty text and <c>deletedAt</c> set.</summary>
internal sealed record MessageResponse(
    string Id,
    string ConversationId,
    long Seq,
    long ChangeSeq,
    string SenderId,
    string SenderName,
    string Text,
    string? ClientMessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    DateTimeOffset? DeletedAt)
{
    public static MessageResponse From(Message m) =>
        new(m.Id, m.ConversationId, m.Seq, m.ChangeSeq, m.SenderId, m.SenderName, m.Text, m.ClientMessageId, m.CreatedAt, m.EditedAt, m.DeletedAt);

    public static List<MessageResponse> From(IReadOnlyList<Message> messages) => [.. messages.Select(From)];
}
