using BstChat.Storage.EfCore.Store;
using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BstChat.Storage.EfCore.Tests.Hosting;

/// <summary>BstChat inside a host's own context, registered the way a host does it.</summary>
public sealed class HostIntegrationTests(PostgresDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddEntityFrameworkCoreStore_registers_a_scoped_store_that_replaces_an_earlier_one()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<LessonDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddBstChat().AddInMemoryStore().AddEntityFrameworkCoreStore<LessonDbContext>();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IMessageStore));
        Assert.Equal(ServiceLifetime.Scoped, descriptor.Lifetime);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        using var scope = provider.CreateScope();
        Assert.IsType<EfCoreMessageStore<LessonDbContext>>(scope.ServiceProvider.GetRequiredService<IMessageStore>());
    }

    [Fact]
    public void The_store_refuses_a_context_without_BstChat_tables_or_with_a_smaller_text_column()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<NoChatDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddDbContext<LessonDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddBstChat(o => o.MaxMessageLength = 5000).AddEntityFrameworkCoreStore<NoChatDbContext>();
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var noTables = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IMessageStore>());
        Assert.Contains("UseBstChat()", noTables.Message, StringComparison.Ordinal);

        services.AddBstChat().AddEntityFrameworkCoreStore<LessonDbContext>();
        using var provider2 = services.BuildServiceProvider();
        using var scope2 = provider2.CreateScope();
        var tooSmall = Assert.Throws<InvalidOperationException>(() => scope2.ServiceProvider.GetRequiredService<IMessageStore>());
        Assert.Contains("maxMessageLength: 5000", tooSmall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_works_end_to_end_in_a_schema_of_its_own_inside_the_host_context()
    {
        database.RequireAvailable();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SchemaLessonDbContext>(o => o.UseNpgsql(database.ConnectionString));
        services.AddBstChat(o => o.MaxMessageLength = SchemaLessonDbContext.MaxMessageLength).AddEntityFrameworkCoreStore<SchemaLessonDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            // The run's database already has BstChat's tables in the default schema; add this context's next to them.
            var db = scope.ServiceProvider.GetRequiredService<SchemaLessonDbContext>();
            await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(Ct);
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var chat = scope.ServiceProvider.GetRequiredService<IChatService>();
            var longText = new string('x', SchemaLessonDbContext.MaxMessageLength);
            await chat.CreateConversationAsync("lesson-42", "Algebra", Ct);
            await chat.AddMemberAsync("lesson-42", new ChatUser("tutor", "Tutor"), MemberRole.Moderator, Ct);
            await chat.AddMemberAsync("lesson-42", new ChatUser("student", "Student"), MemberRole.Member, Ct);
            var sent = await chat.SendAsync("lesson-42", "student", longText, "c-1", Ct);
            var replay = await chat.SendAsync("lesson-42", "student", longText, "c-1", Ct);
            await chat.EditAsync("lesson-42", sent.Message.Id, "student", "edited", Ct);
            await chat.DeleteAsync("lesson-42", sent.Message.Id, "tutor", Ct);
            await chat.SendAsync("lesson-42", "tutor", "hello", null, Ct);

            var changes = await chat.GetChangesAsync("lesson-42", "student", new ChatCursor(0, 0), TimeSpan.Zero, Ct);
            var inbox = (await chat.GetInboxAsync("student", Ct)).Conversations;

            Assert.True(sent.Created);
            Assert.False(replay.Created);
            Assert.Equal([3L, 4L], changes.Messages.Select(m => m.ChangeSeq));
            Assert.True(changes.Messages[0].IsDeleted);
            Assert.Equal("hello", Assert.Single(inbox).LastMessage?.Text);
            Assert.Equal(1, inbox[0].UnreadCount);
        }

        await using var connection = database.OpenConnection();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM chat.bstchat_messages WHERE conversation_id = 'lesson-42'", connection);
        Assert.Equal(2L, await count.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task The_store_neither_saves_nor_disturbs_the_host_contexts_pending_changes()
    {
        database.RequireAvailable();
        // The run's database has BstChat's tables in the default schema; this context's "lessons" table is never needed.
        await using var db = new LessonDbContext(new DbContextOptionsBuilder<LessonDbContext>().UseNpgsql(database.ConnectionString).Options);
        var store = new EfCoreMessageStore<LessonDbContext>(
            db, Microsoft.Extensions.Options.Options.Create(new BstChatOptions()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EfCoreMessageStore<LessonDbContext>>.Instance);
        var pending = db.Lessons.Add(new Lesson { Subject = "Algebra" });

        var id = await ChatData.CreateConversationAsync(store, "host", "alice");
        var sent = await ChatData.SendAsync(store, id, "alice", "hi");
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = sent.Id, NewText = "hello", At = DateTimeOffset.UtcNow, ChangedBy = "alice" }, Ct);
        await store.GetInboxAsync("alice", 100, Ct);

        Assert.Equal(EntityState.Added, pending.State);
        Assert.Single(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task The_store_runs_its_transactions_under_a_hosts_retrying_execution_strategy()
    {
        database.RequireAvailable();
        // EnableRetryOnFailure refuses transactions begun outside the strategy; the store's run inside it.
        await using var db = new BstChatDbContext(new DbContextOptionsBuilder<BstChatDbContext>()
            .UseNpgsql(database.ConnectionString, o => o.EnableRetryOnFailure()).Options);
        var store = new EfCoreMessageStore<BstChatDbContext>(
            db, Microsoft.Extensions.Options.Options.Create(new BstChatOptions()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EfCoreMessageStore<BstChatDbContext>>.Instance);

        var id = await ChatData.CreateConversationAsync(store, "retrying", "alice");
        var sent = await ChatData.SendAsync(store, id, "alice", "hi");
        var edited = await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = id, MessageId = sent.Id, NewText = "hello", At = DateTimeOffset.UtcNow, ChangedBy = "alice" }, Ct);

        Assert.Equal(2, edited!.ChangeSeq);
    }

    /// <summary>A context without BstChat's tables.</summary>
    private sealed class NoChatDbContext(DbContextOptions<NoChatDbContext> options) : DbContext(options);
}
