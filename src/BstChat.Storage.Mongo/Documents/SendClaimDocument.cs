using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// One per client message id (conversation, sender, id), inserted before the send takes a seq:
/// the <c>_id</c> lets exactly one send of that id go ahead, and fixes the id of the one message
/// it will store, so replays wait for that message instead of taking seqs of their own.
/// </summary>
internal sealed class SendClaimDocument
{
    public string Id { get; set; } = "";

    public string ConversationId { get; set; } = "";

    /// <summary>The id of the message this send stores; a writer that takes the claim over stores it under the same id.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>A token unique to the writer sending it.</summary>
    public string Owner { get; set; } = "";

    public static void Map(BsonClassMap<SendClaimDocument> map)
    {
        map.MapIdMember(d => d.Id);
        map.MapMember(d => d.ConversationId).SetElementName("conversation_id");
        map.MapMember(d => d.MessageId).SetElementName("message_id");
        map.MapMember(d => d.Owner).SetElementName("owner");
        map.SetIgnoreExtraElements(true);
    }
}
