using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>A conversation as stored, with its two sequence counters.</summary>
internal sealed class ConversationDocument
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the latest change was made; raised with <see cref="ReservedSeq"/>, never lowered.</summary>
    public DateTime LastChangeAt { get; set; }

    /// <summary>The highest seq handed out by <c>$inc</c>; its change may not be visible yet.</summary>
    public long ReservedSeq { get; set; }

    /// <summary>A watermark: every seq up to it has its change document. Only ever raised.</summary>
    public long VisibleSeq { get; set; }

    public static void Map(BsonClassMap<ConversationDocument> map)
    {
        map.MapIdMember(d => d.Id);
        map.MapMember(d => d.Title).SetElementName("title");
        map.MapMember(d => d.CreatedAt).SetElementName("created_at").SetSerializer(StoredTime.Serializer);
        map.MapMember(d => d.LastChangeAt).SetElementName("last_change_at").SetSerializer(StoredTime.Serializer);
        map.MapMember(d => d.ReservedSeq).SetElementName("reserved_seq");
        map.MapMember(d => d.VisibleSeq).SetElementName("visible_seq");
        map.SetIgnoreExtraElements(true);
    }
}
