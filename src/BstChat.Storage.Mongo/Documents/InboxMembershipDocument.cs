using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>One row of the inbox's first query: a membership of the user, joined with its conversation.</summary>
internal sealed class InboxMembershipDocument
{
    public long LastReadSeq { get; set; }

    public ConversationDocument Conversation { get; set; } = new();

    public static void Map(BsonClassMap<InboxMembershipDocument> map)
    {
        map.MapMember(d => d.LastReadSeq).SetElementName("last_read_seq");
        map.MapMember(d => d.Conversation).SetElementName("conversation");
        map.SetIgnoreExtraElements(true);
    }
}
