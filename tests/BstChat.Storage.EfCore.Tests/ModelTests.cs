using BstChat.Storage.EfCore.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>The tables, keys and indexes UseBstChat() adds, by their deliberate names.</summary>
public sealed class ModelTests
{
    [Fact]
    public void UseBstChat_adds_its_seven_tables_to_a_host_context_next_to_its_own()
    {
        using var db = CreateContext();

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Order().ToList();

        Assert.Equal(["bstchat_conversations", "bstchat_file_chunks", "bstchat_file_contents", "bstchat_files", "bstchat_members", "bstchat_message_revisions", "bstchat_messages", "lessons"], tables);
        Assert.All(db.Model.GetEntityTypes(), e => Assert.Null(e.GetSchema()));
    }

    [Fact]
    public void The_indexes_have_their_names_columns_and_uniqueness()
    {
        using var db = CreateContext();

        var indexes = db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes())
            .ToDictionary(i => i.GetDatabaseName()!, i => (Columns: string.Join(",", i.Properties.Select(p => p.GetColumnName())), i.IsUnique, Filter: i.GetFilter()));

        Assert.Equal(("conversation_id,seq", true, null), indexes["ix_bstchat_messages_conversation_seq"]);
        Assert.Equal(("conversation_id,change_seq", true, null), indexes["ix_bstchat_messages_conversation_change_seq"]);
        Assert.Equal(("conversation_id,sender_id,client_message_id", true, "client_message_id IS NOT NULL"),
            indexes["ix_bstchat_messages_conversation_sender_client_id"]);
        Assert.Equal(("user_id", false, null), indexes["ix_bstchat_members_user"]);
        Assert.Equal(("conversation_id,message_id,change_seq", false, null), indexes["ix_bstchat_message_revisions_conversation_message"]);
        Assert.Equal(("state,state_changed_at_ticks,id", false, null), indexes["ix_bstchat_files_state_changed"]);
        Assert.Equal(("conversation_id,message_id", false, null), indexes["ix_bstchat_files_conversation_message"]);
        Assert.Equal(("uploader_id", false, null), indexes["ix_bstchat_files_uploader"]);
        Assert.Equal(("key,id", false, null), indexes["ix_bstchat_file_contents_key"]);
        Assert.Equal(9, indexes.Count);
    }

    [Fact]
    public void Keys_and_foreign_keys_have_their_names()
    {
        using var db = CreateContext();
        var bstChatTypes = db.Model.GetEntityTypes().Where(e => e.GetTableName()!.StartsWith("bstchat_", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["pk_bstchat_conversations", "pk_bstchat_file_chunks", "pk_bstchat_file_contents", "pk_bstchat_files", "pk_bstchat_members", "pk_bstchat_message_revisions", "pk_bstchat_messages"],
            bstChatTypes.Select(e => e.FindPrimaryKey()!.GetName()).Order());
        Assert.Equal(
            ["fk_bstchat_file_chunks_content", "fk_bstchat_members_conversation", "fk_bstchat_message_revisions_conversation", "fk_bstchat_messages_conversation"],
            bstChatTypes.SelectMany(e => e.GetForeignKeys()).Select(k => k.GetConstraintName()).Order());
    }

    [Fact]
    public void The_text_column_is_sized_from_the_parameter_and_the_schema_is_applied()
    {
        using var plain = CreateContext();
        using var custom = new SchemaLessonDbContext(
            new DbContextOptionsBuilder<SchemaLessonDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Equal(4000, TextColumn(plain).GetMaxLength());
        Assert.Equal(SchemaLessonDbContext.MaxMessageLength, TextColumn(custom).GetMaxLength());
        Assert.All(
            custom.Model.GetEntityTypes().Where(e => e.GetTableName()!.StartsWith("bstchat_", StringComparison.Ordinal)),
            e => Assert.Equal(SchemaLessonDbContext.Schema, e.GetSchema()));
        Assert.Null(custom.Model.FindEntityType(typeof(Lesson))!.GetSchema());
    }

    [Fact]
    public void The_PostgreSQL_script_creates_the_named_indexes_and_the_filtered_unique_index()
    {
        using var db = CreateContext();

        var script = db.Database.GenerateCreateScript();

        Assert.Contains("CREATE UNIQUE INDEX ix_bstchat_messages_conversation_seq ON bstchat_messages (conversation_id, seq);", script);
        Assert.Contains("CREATE UNIQUE INDEX ix_bstchat_messages_conversation_change_seq ON bstchat_messages (conversation_id, change_seq);", script);
        Assert.Contains(
            "CREATE UNIQUE INDEX ix_bstchat_messages_conversation_sender_client_id ON bstchat_messages (conversation_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL;",
            script);
        Assert.Contains("CREATE INDEX ix_bstchat_members_user ON bstchat_members (user_id);", script);
        Assert.Contains("text character varying(4000) NOT NULL", script);
        Assert.Contains("previous_text character varying(4000) NOT NULL", script);
    }

    [Fact]
    public void UseBstChat_refuses_a_text_size_out_of_range()
    {
        var builder = new ModelBuilder();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.UseBstChat(maxMessageLength: 0));
        Assert.Throws<ArgumentException>(() => builder.UseBstChat(schema: " "));
    }

    private static LessonDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<LessonDbContext>().UseNpgsql("Host=unused").Options);

    private static IProperty TextColumn(DbContext db) =>
        db.Model.GetEntityTypes().Single(e => e.GetTableName() == "bstchat_messages").GetProperties().Single(p => p.GetColumnName() == "text");
}
