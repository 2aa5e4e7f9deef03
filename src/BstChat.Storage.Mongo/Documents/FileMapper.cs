namespace BstChat.Storage.Mongo.Documents;

/// <summary>Maps file records between Core's <see cref="ChatFile"/> and <see cref="FileDocument"/>.</summary>
internal static class FileMapper
{
    public static FileDocument ToDocument(ChatFile file) => new()
    {
        Id = file.Id,
        ConversationId = file.ConversationId,
        UploaderId = file.UploaderId,
        Name = file.Name,
        ContentType = file.ContentType,
        Size = file.Size,
        Width = file.Width,
        Height = file.Height,
        HasThumbnail = file.HasThumbnail,
        ContentHash = file.ContentHash,
        CreatedAt = StoredTime.ToStored(file.CreatedAt),
        State = ToStored(file.State),
        StateChangedAt = StoredTime.ToStored(file.StateChangedAt),
        MessageId = file.MessageId,
        ClientMessageId = file.ClientMessageId,
    };

    public static ChatFile ToModel(FileDocument document) => new()
    {
        Id = document.Id,
        ConversationId = document.ConversationId,
        UploaderId = document.UploaderId,
        Name = document.Name,
        ContentType = document.ContentType,
        Size = document.Size,
        Width = document.Width,
        Height = document.Height,
        HasThumbnail = document.HasThumbnail,
        ContentHash = document.ContentHash,
        CreatedAt = StoredTime.FromStored(document.CreatedAt),
        State = ToModel(document.State),
        StateChangedAt = StoredTime.FromStored(document.StateChangedAt),
        MessageId = document.MessageId,
        ClientMessageId = document.ClientMessageId,
    };

    public static string ToStored(ChatFileState state) => state switch
    {
        ChatFileState.Uploading => FileDocument.UploadingState,
        ChatFileState.Ready => FileDocument.ReadyState,
        ChatFileState.Claimed => FileDocument.ClaimedState,
        ChatFileState.Attached => FileDocument.AttachedState,
        ChatFileState.Deleted => FileDocument.DeletedState,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown file state."),
    };

    public static ChatFileState ToModel(string state) => state switch
    {
        FileDocument.UploadingState => ChatFileState.Uploading,
        FileDocument.ReadyState => ChatFileState.Ready,
        FileDocument.ClaimedState => ChatFileState.Claimed,
        FileDocument.AttachedState => ChatFileState.Attached,
        FileDocument.DeletedState => ChatFileState.Deleted,
        _ => throw new InvalidOperationException($"A stored file has an unknown state '{state}'."),
    };
}
