using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// One entry of a message's change record, embedded in the message document: written by the same
/// conditional update that applies the edit or delete, so a change is never stored without its
/// record, nor a record without its change, on a server without transactions.
/// </summary>
internal sealed class RevisionDocument
{
    public const string EditedKind = "edited";

    public const string DeletedKind = "deleted";

    public long ChangeSeq { get; set; }

    public string Kind { get; set; } = "";

    public string PreviousText { get; set; } = "";

    public string ChangedBy { get; set; } = "";

    public DateTime ChangedAt { get; set; }

    public static void Map(BsonClassMap<RevisionDocument> map)
    {
        map.MapMember(d => d.ChangeSeq).SetElementName("change_seq");
        map.MapMember(d => d.Kind).SetElementName("kind");
        map.MapMember(d => d.PreviousText).SetElementName("previous_text");
        map.MapMember(d => d.ChangedBy).SetElementName("changed_by");
        map.MapMember(d => d.ChangedAt).SetElementName("changed_at").SetSerializer(StoredTime.Serializer);
        map.SetIgnoreExtraElements(true);
    }
}
