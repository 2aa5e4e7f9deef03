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
        Attachments = StoredAttachments.Read(entity.Attachments),
    };

    public static MessageRevision ToModel(this MessageRevisionEntity entity) => new()
    {
        ConversationId = entity.ConversationId,
        MessageId = entity.MessageId,
        ChangeSeq = entity.ChangeSeq,
        Kind = entity.Kind,
        PreviousText = entity.PreviousText,
        ChangedBy = entity.ChangedBy,
        ChangedAt = entity.ChangedAt,
    };

    /// <summary>A revision as given: for new changes and imports alike.</summary>
    public static MessageRevisionEntity ToEntity(this MessageRevision revision) => new()
    {
        ConversationId = revision.ConversationId,
        MessageId = revision.MessageId,
        ChangeSeq = revision.ChangeSeq,
        Kind = revision.Kind,
        PreviousText = revision.PreviousText,
        ChangedBy = revision.ChangedBy,
        ChangedAt = StoredTime.Normalize(revision.ChangedAt),
    };

    /// <summary>A conversation as given, counters included: for imports.</summary>
    public static ConversationEntity ToEntity(this Conversation conversation) => new()
    {
        Id = conversation.Id,
        Title = conversation.Title,
        CreatedAt = StoredTime.Normalize(conversation.CreatedAt),
        LastSeq = conversation.LastSeq,
        LastChangeAt = StoredTime.Normalize(conversation.LastChangeAt),
    };

    /// <summary>A member as given, read marker included: for imports.</summary>
    public static MemberEntity ToEntity(this Member member) => new()
    {
        ConversationId = member.ConversationId,
        UserId = member.UserId,
        DisplayName = member.DisplayName,
        Role = member.Role,
        JoinedAt = StoredTime.Normalize(member.JoinedAt),
        LastReadSeq = member.LastReadSeq,
    };

    /// <summary>A message as given, seqs, edits and tombstone included: for imports, and for sends (<see cref="NewMessage.ToMessage"/>).</summary>
    public static MessageEntity ToEntity(this Message message) => new()
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
        Attachments = StoredAttachments.Write(message.Attachments),
    };

    /// <summary>A conversation being created: nothing in it yet, whatever the record says.</summary>
    public static ConversationEntity ToNewEntity(this Conversation conversation)
    {
        var entity = conversation.ToEntity();
        entity.LastSeq = 0;
        return entity;
    }

    /// <summary>A member being added: nothing read yet, whatever the record says.</summary>
    public static MemberEntity ToNewEntity(this Member member)
    {
        var entity = member.ToEntity();
        entity.LastReadSeq = 0;
        return entity;
    }
}
