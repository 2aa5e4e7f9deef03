using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>A message as stored, always in its current state.</summary>
internal sealed class MessageDocument
{
    public string Id { get; set; } = "";

    public string ConversationId { get; set; } = "";

    public long Seq { get; set; }

    public long ChangeSeq { get; set; }

    public string SenderId { get; set; } = "";

    public string SenderName { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>Left out when absent, so the partial unique index covers only messages that have one.</summary>
    public string? ClientMessageId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The files the message carries, in order; left out when it carries none, and removed by a delete.</summary>
    public List<AttachmentDocument>? Attachments { get; set; }

    public DateTime? EditedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    /// <summary>Set while a writer makes the message's next change; never part of the model.</summary>
    public ChangeClaim? Claim { get; set; }

    /// <summary>The record of its edits and deletes, oldest first; absent until the first one.</summary>
    public List<RevisionDocument>? Revisions { get; set; }

    public static void Map(BsonClassMap<MessageDocument> map)
    {
        map.MapIdMember(d => d.Id);
        map.MapMember(d => d.ConversationId).SetElementName("conversation_id");
        map.MapMember(d => d.Seq).SetElementName("seq");
        map.MapMember(d => d.ChangeSeq).SetElementName("change_seq");
        map.MapMember(d => d.SenderId).SetElementName("sender_id");
        map.MapMember(d => d.SenderName).SetElementName("sender_name");
        map.MapMember(d => d.Text).SetElementName("text");
        map.MapMember(d => d.ClientMessageId).SetElementName("client_message_id").SetIgnoreIfNull(true);
        map.MapMember(d => d.CreatedAt).SetElementName("created_at").SetSerializer(StoredTime.Serializer);
        map.MapMember(d => d.Attachments).SetElementName("attachments").SetIgnoreIfNull(true);
        map.MapMember(d => d.EditedAt).SetElementName("edited_at").SetSerializer(StoredTime.NullableSerializer).SetIgnoreIfNull(true);
        map.MapMember(d => d.DeletedAt).SetElementName("deleted_at").SetSerializer(StoredTime.NullableSerializer).SetIgnoreIfNull(true);
        map.MapMember(d => d.Claim).SetElementName("claim").SetIgnoreIfNull(true);
        map.MapMember(d => d.Revisions).SetElementName("revisions").SetIgnoreIfNull(true);
        map.SetIgnoreExtraElements(true);
    }
}
