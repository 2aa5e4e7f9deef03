using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// A file as a message carries it, embedded in the message document so every read of the message
/// has it without a second query. What is absent (no size in pixels, no thumbnail) is left out.
/// </summary>
internal sealed class AttachmentDocument
{
    public string FileId { get; set; } = "";

    public string Name { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public bool HasThumbnail { get; set; }

    public static void Map(BsonClassMap<AttachmentDocument> map)
    {
        map.MapMember(d => d.FileId).SetElementName("file_id");
        map.MapMember(d => d.Name).SetElementName("name");
        map.MapMember(d => d.ContentType).SetElementName("content_type");
        map.MapMember(d => d.Size).SetElementName("size");
        map.MapMember(d => d.Width).SetElementName("width").SetIgnoreIfNull(true);
        map.MapMember(d => d.Height).SetElementName("height").SetIgnoreIfNull(true);
        map.MapMember(d => d.HasThumbnail).SetElementName("has_thumbnail").SetDefaultValue(false).SetIgnoreIfDefault(true);
        map.SetIgnoreExtraElements(true);
    }
}
