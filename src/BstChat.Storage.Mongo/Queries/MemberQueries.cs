using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters, updates and sorts on member documents.</summary>
internal static class MemberQueries
{
    private static FilterDefinitionBuilder<MemberDocument> Filter => Builders<MemberDocument>.Filter;

    private static UpdateDefinitionBuilder<MemberDocument> Update => Builders<MemberDocument>.Update;

    public static FilterDefinition<MemberDocument> ById(string conversationId, string userId) =>
        Filter.Eq(d => d.Id, DocumentIds.Member(conversationId, userId));

    public static FilterDefinition<MemberDocument> InConversation(string conversationId) =>
        Filter.Eq(d => d.ConversationId, conversationId);

    public static SortDefinition<MemberDocument> ByJoinTime { get; } =
        Builders<MemberDocument>.Sort.Ascending(d => d.JoinedAt).Ascending(d => d.UserId);

    /// <summary>Sets name and role; join time and read marker are set only when the member is new.</summary>
    public static UpdateDefinition<MemberDocument> Upsert(Member member)
    {
        var document = DocumentMapper.ToDocument(member);
        return Update
            .Set(d => d.DisplayName, document.DisplayName)
            .Set(d => d.Role, document.Role)
            .SetOnInsert(d => d.ConversationId, document.ConversationId)
            .SetOnInsert(d => d.UserId, document.UserId)
            .SetOnInsert(d => d.JoinedAt, document.JoinedAt)
            .SetOnInsert(d => d.LastReadSeq, 0L);
    }

    /// <summary>Moves the read marker forward only.</summary>
    public static UpdateDefinition<MemberDocument> AdvanceReadMarker(long seq) =>
        Update.Max(d => d.LastReadSeq, seq);
}
