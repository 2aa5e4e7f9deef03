using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Inbox;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>
/// The inbox as two indexed queries, in stages every MongoDB-compatible service we checked runs
/// (docs/mongo.md): the user's memberships joined with their conversations by an equality
/// <c>$lookup</c>, then one aggregation over the messages of all those conversations that counts
/// the unread ones and picks each latest message. No <c>$lookup</c> sub-pipeline (<c>let</c>/<c>pipeline</c>).
/// </summary>
internal static class InboxQueries
{
    /// <summary>
    /// The user's memberships with their conversations, the <paramref name="limit"/> most recently
    /// changed first: served by <c>bstchat_members_by_user</c> and the conversations' <c>_id</c>.
    /// The server sorts and limits, so a user in thousands of conversations gets only one page
    /// of them over the wire, and the second query reads only that page's messages.
    /// </summary>
    public static PipelineDefinition<MemberDocument, InboxMembershipDocument> Memberships(string userId, int limit, CollectionNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        BsonDocument[] stages =
        [
            new("$match", new BsonDocument("user_id", userId)),
            new("$lookup", new BsonDocument
            {
                { "from", names.Conversations },
                { "localField", "conversation_id" },
                { "foreignField", "_id" },
                { "as", "conversation" },
            }),
            new("$unwind", "$conversation"),
            new("$sort", new BsonDocument { { "conversation.last_change_at", -1 }, { "conversation._id", 1 } }),
            new("$limit", limit),
            new("$project", new BsonDocument { { "_id", 0 }, { "last_read_seq", 1 }, { "conversation", 1 } }),
        ];
        return PipelineDefinition<MemberDocument, InboxMembershipDocument>.Create(stages);
    }

    /// <summary>
    /// Per conversation, the unread count and the latest message that is not deleted within its
    /// range. Each <c>$or</c> branch is an equality on <c>conversation_id</c> and a range on <c>seq</c>,
    /// so each is one scan of <c>bstchat_messages_by_seq</c>; the rest works on what they found.
    /// </summary>
    /// <param name="userId">The reader: their own messages are never unread.</param>
    /// <param name="ranges">The non-empty ranges, one per conversation.</param>
    public static PipelineDefinition<MessageDocument, InboxSummaryDocument> Summaries(string userId, IReadOnlyList<InboxRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var branches = new BsonArray(ranges.Select(static r => new BsonDocument
        {
            { "conversation_id", r.ConversationId },
            { "seq", new BsonDocument { { "$gt", r.After }, { "$lte", r.Head } } },
            { "deleted_at", BsonNull.Value },
        }));
        var afterReadMarker = new BsonArray(ranges.Where(static r => r.CanHaveUnread).Select(static r =>
            new BsonDocument("$and", new BsonArray
            {
                new BsonDocument("$eq", new BsonArray { "$conversation_id", r.ConversationId }),
                new BsonDocument("$gt", new BsonArray { "$seq", r.LastReadSeq }),
            })));
        BsonValue unread = afterReadMarker.Count == 0
            ? 0
            : new BsonDocument("$cond", new BsonArray
            {
                new BsonDocument("$and", new BsonArray
                {
                    new BsonDocument("$ne", new BsonArray { "$sender_id", userId }),
                    new BsonDocument("$or", afterReadMarker),
                }),
                1,
                0,
            });
        BsonDocument[] stages =
        [
            new("$match", new BsonDocument("$or", branches)),
            new("$sort", new BsonDocument { { "conversation_id", 1 }, { "seq", -1 } }),
            new("$group", new BsonDocument
            {
                { "_id", "$conversation_id" },
                { "last_message", new BsonDocument("$first", "$$ROOT") },
                { "unread_count", new BsonDocument("$sum", unread) },
            }),
        ];
        return PipelineDefinition<MessageDocument, InboxSummaryDocument>.Create(stages);
    }

    /// <summary>The latest message that is not deleted at or before <paramref name="seq"/>: a backward walk of <c>bstchat_messages_by_seq</c>.</summary>
    public static FilterDefinition<MessageDocument> LiveAtOrBefore(string conversationId, long seq) =>
        Builders<MessageDocument>.Filter.And(
            Builders<MessageDocument>.Filter.Eq(d => d.ConversationId, conversationId),
            Builders<MessageDocument>.Filter.Lte(d => d.Seq, seq),
            Builders<MessageDocument>.Filter.Eq(d => d.DeletedAt, null));
}
