using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Tests.Hosting;

/// <summary>
/// The store polls, so a host that chose nothing sees its SQL at Debug, not EF Core's Information;
/// a host that chose a level, in EF Core or in its logging rules, keeps it.
/// </summary>
public sealed class QuietCommandLoggingTests(SqliteDatabase database)
{
    private static readonly int CommandExecuted = RelationalEventId.CommandExecuted.Id;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_that_chose_nothing_logs_no_executed_command_at_Information()
    {
        var atInformation = await LogOfAConversationAsync(LogLevel.Information, (services, configure) =>
        {
            services.AddDbContextFactory<BstChatDbContext>(configure);
            services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        });
        var atDebug = await LogOfAConversationAsync(LogLevel.Debug, (services, configure) =>
        {
            services.AddDbContextFactory<BstChatDbContext>(configure);
            services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        });

        Assert.DoesNotContain(atInformation, e => e.EventId.Id == CommandExecuted);
        // Still logged, one level down: a developer who wants the SQL turns Debug on.
        Assert.Contains(atDebug, e => e.EventId.Id == CommandExecuted && e.Message.Contains("bstchat_messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_holds_whichever_comes_first_and_for_a_pooled_factory()
    {
        var log = await LogOfAConversationAsync(LogLevel.Information, (services, configure) =>
        {
            services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
            services.AddPooledDbContextFactory<BstChatDbContext>(configure);
        });

        Assert.DoesNotContain(log, e => e.EventId.Id == CommandExecuted);
        Assert.Contains(log, e => e.Category.StartsWith("BstChat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_logging_rule_for_an_EF_Core_category_keeps_EF_Core_s_levels()
    {
        var log = await LogOfAConversationAsync(LogLevel.Warning, (services, configure) =>
        {
            // As "Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command": "Information" does.
            services.AddLogging(b => b.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information));
            services.AddDbContextFactory<BstChatDbContext>(configure);
            services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        });

        Assert.Contains(log, e => e.EventId.Id == CommandExecuted);
    }

    [Fact]
    public async Task A_host_that_set_the_executed_command_level_keeps_it()
    {
        var log = await LogOfAConversationAsync(LogLevel.Information, (services, configure) =>
        {
            services.AddDbContextFactory<BstChatDbContext>(o =>
            {
                configure(o);
                o.ConfigureWarnings(w => w.Log((RelationalEventId.CommandExecuted, LogLevel.Information)));
            });
            services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        });

        Assert.Contains(log, e => e.EventId.Id == CommandExecuted);
    }

    /// <summary>What a host whose logging starts at <paramref name="minimumLevel"/> logs while a conversation is made, written to and read.</summary>
    private async Task<IReadOnlyList<RecordingLoggerProvider.LogEntry>> LogOfAConversationAsync(
        LogLevel minimumLevel, Action<IServiceCollection, Action<DbContextOptionsBuilder>> register)
    {
        using var recorder = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(minimumLevel).AddProvider(recorder));
        register(services, o => o.UseSqlite(database.ConnectionString));
        await using var provider = services.BuildServiceProvider();

        var chat = provider.GetRequiredService<IChatService>();
        var id = $"quiet-{Guid.NewGuid():N}"[..20];
        await chat.CreateConversationAsync(id, "Quiet", Ct);
        await chat.AddMemberAsync(id, new ChatUser("anna", "Anna"), MemberRole.Member, Ct);
        await chat.SendAsync(id, "anna", "hello", null, Ct);
        await chat.GetChangesAsync(id, "anna", new ChatCursor(0, 0), TimeSpan.Zero, Ct);
        return recorder.Entries;
    }
}
