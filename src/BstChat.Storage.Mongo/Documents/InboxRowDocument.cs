using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>One row of the inbox aggregation: a membership joined with its conversation, unread count and last message.</summary>
internal sealed class InboxRowDocument
{
    public long LastReadSeq { get; set; }

    public ConversationDocument Conversation { get; set; } = new();

    public long UnreadCount { get; set; }

    public MessageDocument? LastMessage { get; set; }

    public static void Map(BsonClassMap<InboxRowDocument> map)
    {
        map.MapMember(d => d.LastReadSeq).SetElementName("last_read_seq");
        map.MapMember(d => d.Conversation).SetElementName("conversation");
        map.MapMember(d => d.UnreadCount).SetElementName("unread_count");
        map.MapMember(d => d.LastMessage).SetElementName("last_message").SetIgnoreIfNull(true);
        map.SetIgnoreExtraElements(true);
    }
}
