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
            i => AssertIndex("bstchat_messages_by_change_seq", """{ "conversation_id": 1, "change_seq": 1 }""", unique: false, i));
    }

    [Fact]
    public void No_index_is_partial_or_sparse()
    {
        // Partial indexes are missing on Amazon DocumentDB before 5.0 and limited on Cosmos DB;
        // one send per client message id rests on the send claim's _id instead.
        Assert.All(ChatIndexes.Members, i => Assert.Null(i.Options.Sparse));
        Assert.All(ChatIndexes.Messages, i => Assert.Null(i.Options.Sparse));
        Assert.All(ChatIndexes.Changes, i => Assert.Null(i.Options.Sparse));
        Assert.All(ChatIndexes.Files, i => Assert.Null(i.Options.Sparse));
        Assert.All(ChatIndexes.Members, i => Assert.Null(i.Options is CreateIndexOptions<MemberDocument> p ? p.PartialFilterExpression : null));
        Assert.All(ChatIndexes.Messages, i => Assert.Null(i.Options is CreateIndexOptions<MessageDocument> p ? p.PartialFilterExpression : null));
        Assert.All(ChatIndexes.Changes, i => Assert.Null(i.Options is CreateIndexOptions<ChangeDocument> p ? p.PartialFilterExpression : null));
        Assert.All(ChatIndexes.Files, i => Assert.Null(i.Options is CreateIndexOptions<FileDocument> p ? p.PartialFilterExpression : null));
    }

    [Fact]
    public void Change_indexes()
    {
        Assert.Collection(
            ChatIndexes.Changes,
            i => AssertIndex("bstchat_changes_by_seq", """{ "conversation_id": 1, "seq": 1 }""", unique: true, i));
    }

    [Fact]
    public void File_indexes()
    {
        Assert.Collection(
            ChatIndexes.Files,
            i => AssertIndex("bstchat_files_by_state", """{ "state": 1, "state_changed_at": 1, "_id": 1 }""", unique: false, i),
            i => AssertIndex("bstchat_files_by_message", """{ "conversation_id": 1, "message_id": 1 }""", unique: false, i),
            i => AssertIndex("bstchat_files_by_uploader", """{ "uploader_id": 1 }""", unique: false, i));
    }

    [Fact]
    public void Every_index_has_its_own_name()
    {
        var names = ChatIndexes.Members.Select(m => m.Options.Name)
            .Concat(ChatIndexes.Messages.Select(m => m.Options.Name))
            .Concat(ChatIndexes.Changes.Select(m => m.Options.Name))
            .Concat(ChatIndexes.Files.Select(m => m.Options.Name))
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
