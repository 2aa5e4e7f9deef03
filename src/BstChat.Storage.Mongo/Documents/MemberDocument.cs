using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>A membership as stored; its id joins conversation and user so an upsert on it is race-free.</summary>
internal sealed class MemberDocument
{
    public const string MemberRole = "member";
    public const string ModeratorRole = "moderator";

    public string Id { get; set; } = "";

    public string ConversationId { get; set; } = "";

    public string UserId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary><see cref="MemberRole"/> or <see cref="ModeratorRole"/>: stable words, not enum numbers.</summary>
    public string Role { get; set; } = MemberRole;

    public DateTime JoinedAt { get; set; }

    public long LastReadSeq { get; set; }

    public static void Map(BsonClassMap<MemberDocument> map)
    {
        map.MapIdMember(d => d.Id);
        map.MapMember(d => d.ConversationId).SetElementName("conversation_id");
        map.MapMember(d => d.UserId).SetElementName("user_id");
        map.MapMember(d => d.DisplayName).SetElementName("display_name");
        map.MapMember(d => d.Role).SetElementName("role");
        map.MapMember(d => d.JoinedAt).SetElementName("joined_at").SetSerializer(StoredTime.Serializer);
        map.MapMember(d => d.LastReadSeq).SetElementName("last_read_seq");
        map.SetIgnoreExtraElements(true);
    }
}
