using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Inbox;
using BstChat.Storage.Mongo.Indexes;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Xunit;
using static BstChat.Storage.Mongo.Tests.Rendering;

namespace BstChat.Storage.Mongo.Tests.Queries;

/// <summary>
/// The inbox's queries as the server receives them, checked against the indexes that serve them.
/// The emulator has no query planner, so the plan itself is only checked against a real mongod
/// (docs/mongo.md); these tests pin the shape a planner needs to use the indexes.
/// </summary>
public sealed class InboxQueriesTests
{
    // The operators and stages docs/mongo.md checked against Amazon DocumentDB, Cosmos DB and FerretDB.
    private static readonly HashSet<string> Documented =
    [
        "$match", "$lookup", "$unwind", "$project", "$sort", "$limit", "$group", "$first", "$sum", "$cond",
        "$and", "$or", "$eq", "$ne", "$gt", "$lte", "$$ROOT",
    ];

    private static readonly IReadOnlyList<InboxRange> Ranges =
    [
        new("c1", LastReadSeq: 3, Head: 40),   // unread after 3
        new("c2", LastReadSeq: 40, Head: 40),  // all read: only the last-message window
    ];

    [Fact]
    public void The_memberships_are_joined_with_their_conversations_by_an_equality_lookup()
    {
        var rendered = Stages(InboxQueries.Memberships("u1", 50, new CollectionNames("chat.")));

        var expected = BsonSerializer.Deserialize<BsonArray>(
            """
            [
              { "$match": { "user_id": "u1" } },
              { "$lookup": { "from": "chat.conversations", "localField": "conversation_id", "foreignField": "_id", "as": "conversation" } },
              { "$unwind": "$conversation" },
              { "$sort": { "conversation.last_change_at": -1, "conversation._id": 1 } },
              { "$limit": 50 },
              { "$project": { "_id": 0, "last_read_seq": 1, "conversation": 1 } }
            ]
            """);
        AssertBson(expected, new BsonArray(rendered));
    }

    [Fact]
    public void The_memberships_query_starts_on_the_members_by_user_index_and_joins_on_id()
    {
        var stages = Stages(InboxQueries.Memberships("u1", 50, new CollectionNames("chat.")));

        var match = stages[0]["$match"].AsBsonDocument;
        Assert.Equal(IndexKeys(ChatIndexes.Members, ChatIndexes.MembersByUser), match.Names);
        Assert.True(match["user_id"].IsString, "An equality on the index key.");
        var lookup = stages[1]["$lookup"].AsBsonDocument;
        Assert.Equal("_id", lookup["foreignField"].AsString);
        Assert.False(lookup.Contains("let") || lookup.Contains("pipeline"), "No $lookup sub-pipeline: Cosmos DB and others refuse it.");
    }

    [Fact]
    public void The_summaries_count_unread_messages_and_pick_each_latest_live_message()
    {
        var rendered = Stages(InboxQueries.Summaries("u1", Ranges));

        var expected = BsonSerializer.Deserialize<BsonArray>(
            """
            [
              { "$match": { "$or": [
                  { "conversation_id": "c1", "seq": { "$gt": NumberLong(3), "$lte": NumberLong(40) }, "deleted_at": null },
                  { "conversation_id": "c2", "seq": { "$gt": NumberLong(24), "$lte": NumberLong(40) }, "deleted_at": null } ] } },
              { "$sort": { "conversation_id": 1, "seq": -1 } },
              { "$group": {
                  "_id": "$conversation_id",
                  "last_message": { "$first": "$$ROOT" },
                  "unread_count": { "$sum": { "$cond": [
                      { "$and": [
                          { "$ne": ["$sender_id", "u1"] },
                          { "$or": [ { "$and": [ { "$eq": ["$conversation_id", "c1"] }, { "$gt": ["$seq", NumberLong(3)] } ] } ] } ] },
                      1, 0 ] } } } }
            ]
            """);
        AssertBson(expected, new BsonArray(rendered));
    }

    [Fact]
    public void Every_summaries_branch_is_an_equality_and_a_range_on_the_messages_by_seq_index()
    {
        var keys = IndexKeys(ChatIndexes.Messages, ChatIndexes.MessagesBySeq);
        var match = Stages(InboxQueries.Summaries("u1", Ranges))[0]["$match"].AsBsonDocument;

        Assert.Equal(["$or"], match.Names);
        Assert.All(match["$or"].AsBsonArray.Select(b => b.AsBsonDocument), branch =>
        {
            Assert.Equal(keys, branch.Names.Take(keys.Count));
            Assert.True(branch[keys[0]].IsString, "An equality on the index's first key.");
            Assert.Equal(["$gt", "$lte"], branch[keys[1]].AsBsonDocument.Names);
            Assert.False(branch.Contains("$expr"), "A $expr is not served by an index on every server.");
        });
    }

    [Fact]
    public void With_nothing_unread_no_message_counts()
    {
        var group = Stages(InboxQueries.Summaries("u1", [new InboxRange("c2", 40, 40)]))[2]["$group"].AsBsonDocument;

        AssertBson("""{ "$sum": 0 }""", group["unread_count"]);
    }

    [Fact]
    public void The_look_before_a_range_walks_the_messages_by_seq_index_backwards()
    {
        var keys = IndexKeys(ChatIndexes.Messages, ChatIndexes.MessagesBySeq);
        var filter = Render(InboxQueries.LiveAtOrBefore("c1", 24));

        AssertBson("""{ "conversation_id": "c1", "seq": { "$lte": NumberLong(24) }, "deleted_at": null }""", filter);
        Assert.Equal(keys, filter.Names.Take(keys.Count));
        AssertBson("""{ "seq": -1 }""", Render(MessageQueries.NewestFirst));
    }

    [Fact]
    public void The_inbox_uses_only_the_operators_docs_mongo_md_checked_against_compatible_services()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in Stages(InboxQueries.Memberships("u1", 50, new CollectionNames("chat.")))
            .Concat(Stages(InboxQueries.Summaries("u1", Ranges)))
            .Append(Render(InboxQueries.LiveAtOrBefore("c1", 24))))
        {
            Collect(stage, used);
        }

        Assert.Subset(Documented, used);
    }

    private static List<BsonDocument> Stages<TInput, TOutput>(PipelineDefinition<TInput, TOutput> pipeline) =>
        [.. pipeline.Render(Args<TInput>()).Documents];

    private static List<string> IndexKeys<T>(IReadOnlyList<CreateIndexModel<T>> indexes, string name) =>
        [.. Render(indexes.Single(i => i.Options.Name == name).Keys).Names];

    private static void Collect(BsonValue value, HashSet<string> used)
    {
        switch (value)
        {
            case BsonDocument document:
                foreach (var element in document)
                {
                    if (element.Name.StartsWith('$'))
                    {
                        used.Add(element.Name);
                    }

                    Collect(element.Value, used);
                }

                break;
            case BsonArray array:
                foreach (var item in array)
                {
                    Collect(item, used);
                }

                break;
            case BsonString { Value: var text } when text.StartsWith("$$", StringComparison.Ordinal):
                used.Add(text);
                break;
        }
    }
}
