using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Queries;

/// <summary>The inbox is one aggregation: memberships joined with conversation, unread count and last message.</summary>
public sealed class InboxPipelineTests
{
    [Fact]
    public void The_inbox_is_one_pipeline_with_the_unread_count_and_last_message_as_sub_pipelines()
    {
        var rendered = InboxPipeline.For("u1", new CollectionNames("chat.")).Render(Rendering.Args<MemberDocument>());

        var expected = BsonSerializer.Deserialize<BsonArray>(
            """
            [
              { "$match": { "user_id": "u1" } },
              { "$lookup": { "from": "chat.conversations", "localField": "conversation_id", "foreignField": "_id", "as": "conversation" } },
              { "$unwind": "$conversation" },
              { "$lookup": {
                  "from": "chat.messages", "localField": "conversation_id", "foreignField": "conversation_id",
                  "let": { "read": "$last_read_seq", "head": "$conversation.visible_seq" },
                  "pipeline": [
                    { "$match": {
                        "$expr": { "$and": [ { "$gt": ["$seq", "$$read"] }, { "$lte": ["$seq", "$$head"] } ] },
                        "deleted_at": null,
                        "sender_id": { "$ne": "u1" } } },
                    { "$count": "count" }
                  ],
                  "as": "unread" } },
              { "$lookup": {
                  "from": "chat.messages", "localField": "conversation_id", "foreignField": "conversation_id",
                  "let": { "head": "$conversation.visible_seq" },
                  "pipeline": [
                    { "$match": { "$expr": { "$lte": ["$seq", "$$head"] }, "deleted_at": null } },
                    { "$sort": { "seq": -1 } },
                    { "$limit": 1 }
                  ],
                  "as": "last_message" } },
              { "$project": {
                  "_id": 0, "last_read_seq": 1, "conversation": 1,
                  "unread_count": { "$toLong": { "$ifNull": [ { "$first": "$unread.count" }, 0 ] } },
                  "last_message": { "$first": "$last_message" } } },
              { "$sort": { "conversation.last_change_at": -1, "conversation._id": 1 } }
            ]
            """);
        Rendering.AssertBson(expected, new BsonArray(rendered.Documents));
    }

    [Fact]
    public void The_pipeline_names_the_elements_the_class_maps_write()
    {
        DocumentClassMaps.Register();
        var member = DocumentMapper.ToDocument(new Member
        {
            ConversationId = "c1", UserId = "u1", DisplayName = "Anna", JoinedAt = DateTimeOffset.UnixEpoch,
        }).ToBsonDocument();
        var conversation = DocumentMapper.ToDocument(new Conversation
        {
            Id = "c1", Title = "t", CreatedAt = DateTimeOffset.UnixEpoch, LastChangeAt = DateTimeOffset.UnixEpoch,
        }).ToBsonDocument();
        var message = new MessageDocument().ToBsonDocument();

        Assert.Contains("user_id", member.Names);
        Assert.Contains("conversation_id", member.Names);
        Assert.Contains("last_read_seq", member.Names);
        Assert.Contains("visible_seq", conversation.Names);
        Assert.Contains("last_change_at", conversation.Names);
        Assert.Contains("seq", message.Names);
        Assert.Contains("sender_id", message.Names);
        Assert.Contains("conversation_id", message.Names);
    }
}
