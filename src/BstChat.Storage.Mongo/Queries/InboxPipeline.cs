using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>
/// The inbox as one aggregation over the user's memberships: each joined with its conversation,
/// its unread count and its last message by <c>$lookup</c> sub-pipelines (MongoDB 5.0+), served
/// by the <c>(conversation_id, seq)</c> index. Only messages up to the visible watermark count,
/// so an entry agrees with its <c>LastSeq</c>.
/// </summary>
internal static class InboxPipeline
{
    public static PipelineDefinition<MemberDocument, InboxRowDocument> For(string userId, CollectionNames names)
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
            new("$lookup", new BsonDocument
            {
                { "from", names.Messages },
                { "localField", "conversation_id" },
                { "foreignField", "conversation_id" },
                { "let", new BsonDocument { { "read", "$last_read_seq" }, { "head", "$conversation.visible_seq" } } },
                { "pipeline", new BsonArray
                    {
                        new BsonDocument("$match", new BsonDocument
                        {
                            { "$expr", new BsonDocument("$and", new BsonArray
                                {
                                    new BsonDocument("$gt", new BsonArray { "$seq", "$$read" }),
                                    new BsonDocument("$lte", new BsonArray { "$seq", "$$head" }),
                                })
                            },
                            { "deleted_at", BsonNull.Value },
                            { "sender_id", new BsonDocument("$ne", userId) },
                        }),
                        new BsonDocument("$count", "count"),
                    }
                },
                { "as", "unread" },
            }),
            new("$lookup", new BsonDocument
            {
                { "from", names.Messages },
                { "localField", "conversation_id" },
                { "foreignField", "conversation_id" },
                { "let", new BsonDocument("head", "$conversation.visible_seq") },
                { "pipeline", new BsonArray
                    {
                        new BsonDocument("$match", new BsonDocument
                        {
                            { "$expr", new BsonDocument("$lte", new BsonArray { "$seq", "$$head" }) },
                            { "deleted_at", BsonNull.Value },
                        }),
                        new BsonDocument("$sort", new BsonDocument("seq", -1)),
                        new BsonDocument("$limit", 1),
                    }
                },
                { "as", "last_message" },
            }),
            new("$project", new BsonDocument
            {
                { "_id", 0 },
                { "last_read_seq", 1 },
                { "conversation", 1 },
                { "unread_count", new BsonDocument("$toLong", new BsonDocument("$ifNull", new BsonArray { new BsonDocument("$first", "$unread.count"), 0 })) },
                { "last_message", new BsonDocument("$first", "$last_message") },
            }),
            new("$sort", new BsonDocument { { "conversation.last_change_at", -1 }, { "conversation._id", 1 } }),
        ];
        return PipelineDefinition<MemberDocument, InboxRowDocument>.Create(stages);
    }
}
