namespace BstChat.Storage.EfCore.Mapping;

/// <summary>Converts between the store's rows and Core's records.</summary>
internal static class EntityMapping
{
    public static Conversation ToModel(this ConversationEntity entity) => new()
    {
        Id = entity.Id,
        Title = entity.Title,
        CreatedAt = entity.CreatedAt,
        LastSeq = entity.LastSeq,
        LastChangeAt = entity.LastChangeAt,
    };

    public static Member ToModel(this MemberEntity entity) => new()
    {
        ConversationId = entity.ConversationId,
        UserId = entity.UserId,
        DisplayName = entity.DisplayName,
        Role = entity.Role,
        JoinedAt = entity.JoinedAt,
        LastReadSeq = entity.LastReadSeq,
    };

    public static Message ToModel(this MessageEntity entity) => new()
    {
        Id = entity.Id,
        ConversationId = entity.ConversationId,
        Seq = entity.Seq,
        ChangeSeq = entity.ChangeSeq,
        SenderId = entity.SenderId,
        SenderName = entity.SenderName,
        Text = entity.Text,
        ClientMessageId = entity.ClientMessageId,
        CreatedAt = entity.CreatedAt,
        EditedAt = entity.EditedAt,
        DeletedAt = entity.DeletedAt,
    };

    public static ConversationEntity ToNewEntity(this Conversation conversation) => new()
    {
        Id = conversation.Id,
        Title = conversation.Title,
        CreatedAt = StoredTime.Normalize(conversation.CreatedAt),
        LastSeq = 0,
        LastChangeAt = StoredTime.Normalize(conversation.LastChangeAt),
    };

    public static MemberEntity ToNewEntity(this Member member) => new()
    {
        ConversationId = member.ConversationId,
        UserId = member.UserId,
        DisplayName = member.DisplayName,
        Role = member.Role,
        JoinedAt = StoredTime.Normalize(member.JoinedAt),
        LastReadSeq = 0,
    };

    public static MessageEntity ToNewEntity(this NewMessage message, long seq) => new()
    {
        Id = message.Id,
        ConversationId = message.ConversationId,
        Seq = seq,
        ChangeSeq = seq,
        SenderId = message.SenderId,
        SenderName = message.SenderName,
        Text = message.Text,
        ClientMessageId = message.ClientMessageId,
        CreatedAt = StoredTime.Normalize(message.CreatedAt),
    };
}
