using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Indexes;
using MongoDB.Driver;
using Xunit;
using static BstChat.Storage.Mongo.Tests.Rendering;

namespace BstChat.Storage.Mongo.Tests.Indexes;

/// <summary>The index definitions the initializer sends; docs/mongo.md lists the same.</summary>
public sealed class ChatIndexesTests
{
    [Fact]
    public void Member_indexes()
    {
        Assert.Collection(
            ChatIndexes.Members,
            i => AssertIndex("bstchat_members_by_conversation", """{ "conversation_id": 1, "joined_at": 1, "user_id": 1 }""", unique: false, i),
            i => AssertIndex("bstchat_members_by_user", """{ "user_id": 1 }""", unique: false, i));
    }

    [Fact]
    public void Message_indexes()
    {
        Assert.Collection(
            ChatIndexes.Messages,
            i => AssertIndex("bstchat_messages_by_seq", """{ "conversation_id": 1, "seq": 1 }""", unique: true, i),
            i => AssertIndex("bstchat_messages_by_change_seq", """{ "conversation_id": 1, "change_seq": 1 }""", unique: false, i),
            i => AssertIndex("bstchat_messages_by_client_message_id", """{ "conversation_id": 1, "sender_id": 1, "client_message_id": 1 }""", unique: true, i));
    }

    [Fact]
    public void The_client_message_id_index_covers_only_messages_that_have_one()
    {
        var options = Assert.IsType<CreateIndexOptions<MessageDocument>>(ChatIndexes.Messages[2].Options);

        AssertBson("""{ "client_message_id": { "$exists": true } }""", Render(options.PartialFilterExpression));
    }

    [Fact]
    public void Change_indexes()
    {
        Assert.Collection(
            ChatIndexes.Changes,
            i => AssertIndex("bstchat_changes_by_seq", """{ "conversation_id": 1, "seq": 1 }""", unique: true, i));
    }

    [Fact]
    public void Every_index_has_its_own_name()
    {
        var names = ChatIndexes.Members.Select(m => m.Options.Name)
            .Concat(ChatIndexes.Messages.Select(m => m.Options.Name))
            .Concat(ChatIndexes.Changes.Select(m => m.Options.Name))
            .ToList();

        Assert.All(names, n => Assert.StartsWith("bstchat_", n, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static void AssertIndex<T>(string name, string keys, bool unique, CreateIndexModel<T> index)
    {
        Assert.Equal(name, index.Options.Name);
        Assert.Equal(unique, index.Options.Unique ?? false);
        AssertBson(keys, Render(index.Keys));
    }
}
