using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>An uploaded file's record, one document per file, keyed by its id (unique across conversations).</summary>
internal sealed class FileDocument
{
    public const string UploadingState = "uploading";
    public const string ReadyState = "ready";
    public const string ClaimedState = "claimed";
    public const string AttachedState = "attached";
    public const string DeletedState = "deleted";

    public string Id { get; set; } = "";

    public string ConversationId { get; set; } = "";

    public string UploaderId { get; set; } = "";

    public string Name { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public bool HasThumbnail { get; set; }

    public string ContentHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Stored as a word, so the documents read plainly and a new state never renumbers the others.</summary>
    public string State { get; set; } = "";

    public DateTime StateChangedAt { get; set; }

    public string? MessageId { get; set; }

    public string? ClientMessageId { get; set; }

    public static void Map(BsonClassMap<FileDocument> map)
    {
        map.MapIdMember(d => d.Id);
        map.MapMember(d => d.ConversationId).SetElementName("conversation_id");
        map.MapMember(d => d.UploaderId).SetElementName("uploader_id");
        map.MapMember(d => d.Name).SetElementName("name");
        map.MapMember(d => d.ContentType).SetElementName("content_type");
        map.MapMember(d => d.Size).SetElementName("size");
        map.MapMember(d => d.Width).SetElementName("width").SetIgnoreIfNull(true);
        map.MapMember(d => d.Height).SetElementName("height").SetIgnoreIfNull(true);
        map.MapMember(d => d.HasThumbnail).SetElementName("has_thumbnail").SetDefaultValue(false).SetIgnoreIfDefault(true);
        map.MapMember(d => d.ContentHash).SetElementName("content_hash");
        map.MapMember(d => d.CreatedAt).SetElementName("created_at").SetSerializer(StoredTime.Serializer);
        map.MapMember(d => d.State).SetElementName("state");
        map.MapMember(d => d.StateChangedAt).SetElementName("state_changed_at").SetSerializer(StoredTime.Serializer);
        map.MapMember(d => d.MessageId).SetElementName("message_id").SetIgnoreIfNull(true);
        map.MapMember(d => d.ClientMessageId).SetElementName("client_message_id").SetIgnoreIfNull(true);
        map.SetIgnoreExtraElements(true);
    }
}
