namespace BstChat.Storage.Mongo.Documents;

/// <summary>Maps between Core's records and the stored documents; the driver never sees Core's types.</summary>
internal static class DocumentMapper
{
    /// <summary>The owner of an imported message's send claim; its message is stored, so nobody waits on it.</summary>
    public const string ImportedOwner = "import";

    public static ConversationDocument ToDocument(Conversation conversation) => new()
    {
        Id = conversation.Id,
        Title = conversation.Title,
        CreatedAt = StoredTime.ToStored(conversation.CreatedAt),
        LastChangeAt = StoredTime.ToStored(conversation.LastChangeAt),
        ReservedSeq = 0,
        VisibleSeq = 0,
    };

    /// <summary>
    /// An imported conversation, with both counters at its <see cref="Conversation.LastSeq"/>: every seq up
    /// to it has its change document once the import is complete, and the next write takes the one after.
    /// </summary>
    public static ConversationDocument ToImportedDocument(Conversation conversation)
    {
        var document = ToDocument(conversation);
        document.ReservedSeq = conversation.LastSeq;
        document.VisibleSeq = conversation.LastSeq;
        return document;
    }

    /// <param name="document">The stored conversation.</param>
    /// <param name="lastSeq">The gap-free prefix head, not the raw counter: safe to use as a cursor.</param>
    public static Conversation ToModel(ConversationDocument document, long lastSeq) => new()
    {
        Id = document.Id,
        Title = document.Title,
        CreatedAt = StoredTime.FromStored(document.CreatedAt),
        LastChangeAt = StoredTime.FromStored(document.LastChangeAt),
        LastSeq = lastSeq,
    };

    public static MemberDocument ToDocument(Member member) => new()
    {
        Id = DocumentIds.Member(member.ConversationId, member.UserId),
        ConversationId = member.ConversationId,
        UserId = member.UserId,
        DisplayName = member.DisplayName,
        Role = ToStored(member.Role),
        JoinedAt = StoredTime.ToStored(member.JoinedAt),
        LastReadSeq = member.LastReadSeq,
    };

    public static Member ToModel(MemberDocument document) => new()
    {
        ConversationId = document.ConversationId,
        UserId = document.UserId,
        DisplayName = document.DisplayName,
        Role = document.Role == MemberDocument.ModeratorRole ? MemberRole.Moderator : MemberRole.Member,
        JoinedAt = StoredTime.FromStored(document.JoinedAt),
        LastReadSeq = document.LastReadSeq,
    };

    public static string ToStored(MemberRole role) => role switch
    {
        MemberRole.Member => MemberDocument.MemberRole,
        MemberRole.Moderator => MemberDocument.ModeratorRole,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown member role."),
    };

    /// <summary>A message with every field as given, timestamps at the store's precision: imported, or new (<see cref="NewMessage.ToMessage"/>).</summary>
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
        Attachments = ToDocuments(message.Attachments),
        EditedAt = StoredTime.ToStored(message.EditedAt),
        DeletedAt = StoredTime.ToStored(message.DeletedAt),
    };

    /// <summary>The send claim of an imported message with a client message id: already stored, so held by nobody.</summary>
    public static SendClaimDocument ToImportedSendClaim(MessageDocument message) => new()
    {
        Id = DocumentIds.SendClaim(message.ConversationId, message.SenderId, message.ClientMessageId
            ?? throw new ArgumentException($"Message {message.Id} has no client message id.", nameof(message))),
        ConversationId = message.ConversationId,
        MessageId = message.Id,
        Owner = ImportedOwner,
    };

    public static RevisionDocument ToDocument(MessageRevision revision) => new()
    {
        ChangeSeq = revision.ChangeSeq,
        Kind = revision.Kind == MessageRevisionKind.Deleted ? RevisionDocument.DeletedKind : RevisionDocument.EditedKind,
        PreviousText = revision.PreviousText,
        ChangedBy = revision.ChangedBy,
        ChangedAt = StoredTime.ToStored(revision.ChangedAt),
    };

    public static MessageRevision ToModel(string conversationId, string messageId, RevisionDocument document) => new()
    {
        ConversationId = conversationId,
        MessageId = messageId,
        ChangeSeq = document.ChangeSeq,
        Kind = document.Kind == RevisionDocument.DeletedKind ? MessageRevisionKind.Deleted : MessageRevisionKind.Edited,
        PreviousText = document.PreviousText,
        ChangedBy = document.ChangedBy,
        ChangedAt = StoredTime.FromStored(document.ChangedAt),
    };

    public static Message ToModel(MessageDocument document) => new()
    {
        Id = document.Id,
        ConversationId = document.ConversationId,
        Seq = document.Seq,
        ChangeSeq = document.ChangeSeq,
        SenderId = document.SenderId,
        SenderName = document.SenderName,
        Text = document.Text,
        ClientMessageId = document.ClientMessageId,
        CreatedAt = StoredTime.FromStored(document.CreatedAt),
        Attachments = ToModel(document.Attachments),
        EditedAt = StoredTime.FromStored(document.EditedAt),
        DeletedAt = StoredTime.FromStored(document.DeletedAt),
    };

    /// <summary>The stored attachments: none when the message carries none, so its document leaves the element out.</summary>
    public static List<AttachmentDocument>? ToDocuments(MessageAttachments attachments) =>
        attachments.Count == 0 ? null : [.. attachments.Select(static a => new AttachmentDocument
        {
            FileId = a.FileId,
            Name = a.Name,
            ContentType = a.ContentType,
            Size = a.Size,
            Width = a.Width,
            Height = a.Height,
            HasThumbnail = a.HasThumbnail,
        })];

    public static MessageAttachments ToModel(List<AttachmentDocument>? documents) =>
        documents is null or [] ? MessageAttachments.Empty : MessageAttachments.Of(documents.Select(static d => new MessageAttachment
        {
            FileId = d.FileId,
            Name = d.Name,
            ContentType = d.ContentType,
            Size = d.Size,
            Width = d.Width,
            Height = d.Height,
            HasThumbnail = d.HasThumbnail,
        }));
}
