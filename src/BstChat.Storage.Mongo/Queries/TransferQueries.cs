using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters and sorts for exporting and importing whole conversations.</summary>
internal static class TransferQueries
{
    private static readonly string[] OptionalMessageFields = ["client_message_id", "edited_at", "deleted_at", "claim"];

    /// <summary>Conversations after <paramref name="afterId"/> in <c>_id</c> order (binary, as the <c>_id</c> index sorts).</summary>
    public static FilterDefinition<ConversationDocument> ConversationsAfter(string? afterId) =>
        afterId is null
            ? Builders<ConversationDocument>.Filter.Empty
            : Builders<ConversationDocument>.Filter.Gt(d => d.Id, afterId);

    public static SortDefinition<ConversationDocument> ById { get; } = Builders<ConversationDocument>.Sort.Ascending(d => d.Id);

    /// <summary>A conversation's messages after <paramref name="afterSeq"/>; served by the <c>(conversation_id, seq)</c> index.</summary>
    public static FilterDefinition<MessageDocument> MessagesAfter(string conversationId, long afterSeq) =>
        Builders<MessageDocument>.Filter.And(
            Builders<MessageDocument>.Filter.Eq(d => d.ConversationId, conversationId),
            Builders<MessageDocument>.Filter.Gt(d => d.Seq, afterSeq));

    public static SortDefinition<MessageDocument> BySeq { get; } = Builders<MessageDocument>.Sort.Ascending(d => d.Seq);

    /// <summary>The conversation's members other than <paramref name="keepUserIds"/>.</summary>
    public static FilterDefinition<MemberDocument> MembersOtherThan(string conversationId, IEnumerable<string> keepUserIds) =>
        Builders<MemberDocument>.Filter.And(
            Builders<MemberDocument>.Filter.Eq(d => d.ConversationId, conversationId),
            Builders<MemberDocument>.Filter.Nin(d => d.Id, keepUserIds.Select(userId => DocumentIds.Member(conversationId, userId))));

    public static FilterDefinition<MemberDocument> MemberById(string id) => Builders<MemberDocument>.Filter.Eq(d => d.Id, id);

    public static FilterDefinition<MessageDocument> MessageById(string id) => Builders<MessageDocument>.Filter.Eq(d => d.Id, id);

    /// <summary>
    /// Overwrites every field of an imported message but its revisions, which are imported on
    /// their own (a replace would drop them): optional fields the import lacks are removed.
    /// </summary>
    public static UpdateDefinition<MessageDocument> OverwriteKeepingRevisions(MessageDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var fields = document.ToBsonDocument();
        fields.Remove("_id");
        fields.Remove("revisions");
        var absent = new BsonDocument(OptionalMessageFields.Where(f => !fields.Contains(f)).Select(static f => new BsonElement(f, 1)));
        var update = new BsonDocument("$set", fields);
        if (absent.ElementCount > 0)
        {
            update.Add("$unset", absent);
        }

        return update;
    }

    public static FilterDefinition<ChangeDocument> ChangeById(string id) => Builders<ChangeDocument>.Filter.Eq(d => d.Id, id);

    public static FilterDefinition<SendClaimDocument> SendClaimById(string id) => Builders<SendClaimDocument>.Filter.Eq(d => d.Id, id);

    public static FilterDefinition<ConversationDocument> ConversationById(string id) => Builders<ConversationDocument>.Filter.Eq(d => d.Id, id);
}
