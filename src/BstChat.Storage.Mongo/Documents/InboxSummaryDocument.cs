using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>One row of the inbox's second query: a conversation's unread count and latest message that is not deleted.</summary>
internal sealed class InboxSummaryDocument
{
    public string ConversationId { get; set; } = "";

    public long UnreadCount { get; set; }

    public MessageDocument LastMessage { get; set; } = new();

    public static void Map(BsonClassMap<InboxSummaryDocument> map)
    {
        map.MapIdMember(d => d.ConversationId);
        map.MapMember(d => d.UnreadCount).SetElementName("unread_count");
        map.MapMember(d => d.LastMessage).SetElementName("last_message");
        map.SetIgnoreExtraElements(true);
    }
}
