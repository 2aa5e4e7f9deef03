using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>One revision unwound from its message for export: the message's id beside it.</summary>
internal sealed class RevisionRow
{
    public string MessageId { get; set; } = "";

    public RevisionDocument Revision { get; set; } = new();

    public static void Map(BsonClassMap<RevisionRow> map)
    {
        map.MapIdMember(d => d.MessageId);
        map.MapMember(d => d.Revision).SetElementName("revision");
        map.SetIgnoreExtraElements(true);
    }
}
