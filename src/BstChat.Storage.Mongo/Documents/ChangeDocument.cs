using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// One per seq of a conversation, written after the change it records: its presence is what makes
/// the seq visible. A document without a message id marks a seq that carries no change (a dead
/// writer's gap, or the seq of a writer that stalled past the gap threshold), so readers may pass it.
/// </summary>
internal sealed class ChangeDocument
{
    public string Id { get; set; } = "";

    public string ConversationId { get; set; } = "";

    public long Seq { get; set; }

    /// <summary>The message changed at <see cref="Seq"/>; absent for a seq that carries no change.</summary>
    public string? MessageId { get; set; }

    /// <summary>A change document for <paramref name="seq"/>; its id makes a second one for the same seq impossible.</summary>
    public static ChangeDocument For(string conversationId, long seq, string? messageId) => new()
    {
        Id = DocumentIds.Change(conversationId, seq),
        ConversationId = conversationId,
        Seq = seq,
        MessageId = messageId,
    };

    public static void Map(BsonClassMap<ChangeDocument> map)
    {
        map.MapIdMember(d => d.Id);
        map.MapMember(d => d.ConversationId).SetElementName("conversation_id");
        map.MapMember(d => d.Seq).SetElementName("seq");
        map.MapMember(d => d.MessageId).SetElementName("message_id").SetIgnoreIfNull(true);
        map.SetIgnoreExtraElements(true);
    }
}
