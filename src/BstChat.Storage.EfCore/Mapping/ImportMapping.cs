namespace BstChat.Storage.EfCore.Mapping;

/// <summary>Rows for imported records: every field kept as given, timestamps at the store's precision.</summary>
internal static class ImportMapping
{
    public static ConversationEntity ToImportedEntity(this Conversation conversation) => new()
    {
        Id = conversation.Id,
        Title = conversation.Title,
        CreatedAt = StoredTime.Normalize(conversation.CreatedAt),
        LastSeq = conversation.LastSeq,
        LastChangeAt = StoredTime.Normalize(conversation.LastChangeAt),
    };

    public static MemberEntity ToImportedEntity(this Member member) => new()
    {
        ConversationId = member.ConversationId,
        UserId = member.UserId,
        DisplayName = member.DisplayName,
        Role = member.Role,
        JoinedAt = StoredTime.Normalize(member.JoinedAt),
        LastReadSeq = member.LastReadSeq,
    };

    public static MessageEntity ToImportedEntity(this Message message) => new()
    {
        Id = message.Id,
        ConversationId = message.ConversationId,
        Seq = message.Seq,
        ChangeSeq = message.ChangeSeq,
        SenderId = message.SenderId,
        SenderName = message.SenderName,
        Text = message.Text,
        ClientMessageId = message.ClientMessageId,
        CreatedAt = StoredTime.Normalize(message.CreatedAt),
        EditedAt = StoredTime.Normalize(message.EditedAt),
        DeletedAt = StoredTime.Normalize(message.DeletedAt),
    };
}
