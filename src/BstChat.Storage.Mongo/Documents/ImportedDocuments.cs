namespace BstChat.Storage.Mongo.Documents;

/// <summary>Documents for imported records: every field as given, timestamps truncated to milliseconds.</summary>
internal static class ImportedDocuments
{
    /// <summary>
    /// The conversation with both counters at its <see cref="Conversation.LastSeq"/>: every seq up
    /// to it has its change document once the import is complete, and the next write takes the one after.
    /// </summary>
    public static ConversationDocument ToDocument(Conversation conversation) => new()
    {
        Id = conversation.Id,
        Title = conversation.Title,
        CreatedAt = StoredTime.ToStored(conversation.CreatedAt),
        LastChangeAt = StoredTime.ToStored(conversation.LastChangeAt),
        ReservedSeq = conversation.LastSeq,
        VisibleSeq = conversation.LastSeq,
    };

    public static MessageDocument ToDocument(Message message) => new()
    {
        Id = message.Id,
        ConversationId = message.ConversationId,
        Seq = message.Seq,
        ChangeSeq = message.ChangeSeq,
        SenderId = message.SenderId,
        SenderName = message.SenderName,
        Text = message.Text,
        ClientMessageId = message.ClientMessageId,
        CreatedAt = StoredTime.ToStored(message.CreatedAt),
        EditedAt = StoredTime.ToStored(message.EditedAt),
        DeletedAt = StoredTime.ToStored(message.DeletedAt),
    };
}
