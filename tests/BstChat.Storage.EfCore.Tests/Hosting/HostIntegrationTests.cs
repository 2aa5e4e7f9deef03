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
    public void AddEntityFrameworkCoreStore_registers_a_singleton_store_over_the_hosts_context_factory_that_replaces_an_earlier_one()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<LessonDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddBstChat().AddInMemoryStore().AddEntityFrameworkCoreStore<LessonDbContext>();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IMessageStore));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        // Scope validation refuses a singleton that captures a scoped service, such as a context.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var store = Assert.IsType<EfCoreMessageStore<LessonDbContext>>(provider.GetRequiredService<IMessageStore>());
        Assert.Same(store, provider.GetRequiredService<IMessageStore>());
        Assert.Same(provider.GetRequiredService<IChatStoreExport>(), provider.GetRequiredService<IChatStoreImport>());
        Assert.NotNull(provider.GetRequiredService<IChatService>());
        using var scope = provider.CreateScope();
        // AddDbContextFactory still gives the host's own code its context per scope.
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<LessonDbContext>());
    }

    [Fact]
    public void A_host_that_registered_only_the_context_is_told_to_register_its_factory()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<LessonDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddBstChat().AddEntityFrameworkCoreStore<LessonDbContext>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IMessageStore>());

        Assert.Contains("AddDbContextFactory<LessonDbContext>", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddDbContextFactory<LessonDbContext>", Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatStoreImport>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_refuses_a_context_without_BstChat_tables_or_with_a_smaller_text_column()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<NoChatDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddDbContextFactory<LessonDbContext>(o => o.UseNpgsql("Host=unused"));
        services.AddBstChat(o => o.MaxMessageLength = 5000).AddEntityFrameworkCoreStore<NoChatDbContext>();
        using var provider = services.BuildServiceProvider();

        var noTables = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IMessageStore>());
        Assert.Contains("UseBstChat()", noTables.Message, StringComparison.Ordinal);

        services.AddBstChat().AddEntityFrameworkCoreStore<LessonDbContext>();
        using var provider2 = services.BuildServiceProvider();
        var tooSmall = Assert.Throws<InvalidOperationException>(() => provider2.GetRequiredService<IMessageStore>());
        Assert.Contains("maxMessageLength: 5000", tooSmall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_works_end_to_end_in_a_schema_of_its_own_inside_the_host_context()
    {
        database.RequireAvailable();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<SchemaLessonDbContext>(o => o.UseNpgsql(database.ConnectionString));
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
        var services = new ServiceCollection();
        services.AddLogging();
        // The run's database has BstChat's tables in the default schema; this context's "lessons" table is never needed.
        services.AddDbContextFactory<LessonDbContext>(o => o.UseNpgsql(database.ConnectionString));
        services.AddBstChat().AddEntityFrameworkCoreStore<LessonDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LessonDbContext>();
        var store = provider.GetRequiredService<IMessageStore>();
        var pending = db.Lessons.Add(new Lesson { Subject = "Algebra" });

        var id = await ChatData.CreateConversationAsync(store, "host", "alice");
        var sent = await ChatData.SendAsync(store, id, "alice", "hi");
        await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = sent.Id, NewText = "hello", At = DateTimeOffset.UtcNow, ChangedBy = "alice" }, Ct);
        await store.GetInboxAsync("alice", 100, Ct);

        Assert.Equal(EntityState.Added, pending.State);
        Assert.Single(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task The_store_runs_its_transactions_under_a_hosts_retrying_execution_strategy_on_pooled_contexts()
    {
        database.RequireAvailable();
        var services = new ServiceCollection();
        services.AddLogging();
        // EnableRetryOnFailure refuses transactions begun outside the strategy; the store's run inside it.
        services.AddPooledDbContextFactory<BstChatDbContext>(o => o.UseNpgsql(database.ConnectionString, n => n.EnableRetryOnFailure()));
        services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IMessageStore>();

        var id = await ChatData.CreateConversationAsync(store, "retrying", "alice");
        var sent = await ChatData.SendAsync(store, id, "alice", "hi");
        var edited = await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = id, MessageId = sent.Id, NewText = "hello", At = DateTimeOffset.UtcNow, ChangedBy = "alice" }, Ct);

        Assert.Equal(2, edited!.ChangeSeq);
    }

    /// <summary>A context without BstChat's tables.</summary>
    private sealed class NoChatDbContext(DbContextOptions<NoChatDbContext> options) : DbContext(options);
}
