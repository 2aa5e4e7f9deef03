namespace BstChat.AspNetCore.Contracts;

/// <summary>A message as the API shows it; a tombstone has empty text, no attachments and <c>deletedAt</c> set.</summary>
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
    DateTimeOffset? DeletedAt,
    List<FileResponse> Attachments)
{
    public static MessageResponse From(Message m, ChatLinks links) =>
        new(m.Id, m.ConversationId, m.Seq, m.ChangeSeq, m.SenderId, m.SenderName, m.Text, m.ClientMessageId, m.CreatedAt, m.EditedAt, m.DeletedAt,
            [.. m.Attachments.Select(a => FileResponse.From(m.ConversationId, a, links))]);

    public static List<MessageResponse> From(IReadOnlyList<Message> messages, ChatLinks links) => [.. messages.Select(m => From(m, links))];
}
