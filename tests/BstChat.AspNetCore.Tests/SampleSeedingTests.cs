using System.Collections.Concurrent;
using BstChat.Sample.Demo;
using BstChat.Sample.Hosting;
using BstChat.Storage.EfCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample's seeding on every start: a membership is logged when it changes (joins, a new role), not again at each
/// restart of a site whose store already holds it.
/// </summary>
public sealed class SampleSeedingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bstchat-seed-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restart_logs_no_member_as_joined_again_and_a_changed_role_is_logged_once()
    {
        var first = await StartOnceAsync();
        var restart = await StartOnceAsync();
        var promoted = await StartOnceAsync(async chat =>
        {
            await chat.AddMemberAsync("lesson-1", DemoUsers.Ben, MemberRole.Moderator, Cancellation);
            await chat.AddMemberAsync("lesson-1", DemoUsers.Ben, MemberRole.Moderator, Cancellation);
        });

        Assert.Equal(5, first.Count(m => m.Contains("joined", StringComparison.Ordinal)));
        Assert.Contains("User anna joined conversation lesson-1 as Moderator.", first);
        Assert.Empty(restart);
        Assert.Equal(["User ben of conversation lesson-1 is now Moderator, or has a new display name."], promoted);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One start of the sample's chat over the same SQLite file: its schema, its seeding, then <paramref name="after"/>; returns the chat's log.</summary>
    private async Task<IReadOnlyList<string>> StartOnceAsync(Func<IChatService, Task>? after = null)
    {
        var log = new CapturedLog();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(log));
        services.AddDbContextFactory<BstChatDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "chat.db")}"));
        services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        await using var provider = services.BuildServiceProvider();
        await new ChatSchemaInitializer(provider.GetRequiredService<IDbContextFactory<BstChatDbContext>>()).StartAsync(Cancellation);

        await new DemoSeeder(provider.GetRequiredService<IServiceScopeFactory>()).StartAsync(Cancellation);
        if (after is not null)
        {
            await after(provider.GetRequiredService<IChatService>());
        }

        return [.. log.Messages];
    }

    /// <summary>The chat service's log lines.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => categoryName == "BstChat.Services.ChatService" ? new Logger(Messages) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
