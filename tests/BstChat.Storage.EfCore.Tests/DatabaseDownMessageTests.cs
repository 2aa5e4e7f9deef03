using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>
/// A database that is down at start-up is named as the cause, in the exception of the start-up
/// schema call and in the store's log, rather than EF Core's "likely due to a transient failure"
/// with the cause several inner exceptions down.
/// </summary>
public sealed class DatabaseDownMessageTests
{
    /// <summary>A PostgreSQL "server" on a port nobody listens on: refused at once, no server needed.</summary>
    private const string ClosedPort = "Host=127.0.0.1;Port=1;Username=nobody;Password=nothing;Timeout=2";

    private const int StoreUnavailableEvent = 2002;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creating_the_tables_while_PostgreSQL_is_down_says_BstChat_could_not_reach_it_and_why()
    {
        await using var db = new BstChatDbContext(new DbContextOptionsBuilder<BstChatDbContext>().UseNpgsql(ClosedPort).Options);

        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => db.Database.EnsureBstChatCreatedAsync(Ct));

        Assert.StartsWith("BstChat could not reach the database to create its tables: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("transient failure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_the_tables_in_a_SQLite_file_that_cannot_be_opened_names_SQLite_s_error()
    {
        var missingFolder = Path.Combine(Path.GetTempPath(), $"bstchat-missing-{Guid.NewGuid():N}", "chat.db");
        await using var db = new BstChatDbContext(new DbContextOptionsBuilder<BstChatDbContext>().UseSqlite($"Data Source={missingFolder}").Options);

        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => db.Database.EnsureBstChatCreatedAsync(Ct));

        Assert.StartsWith("BstChat could not reach the database to create its tables: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("unable to open database file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_store_call_while_PostgreSQL_is_down_logs_the_cause_and_answers_clients_without_it()
    {
        using var recorder = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(recorder));
        services.AddDbContextFactory<BstChatDbContext>(o => o.UseNpgsql(ClosedPort));
        services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatService>();

        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await chat.CreateConversationAsync("lesson-1", "Lesson 1", Ct));

        var logged = Assert.Single(recorder.Entries, e => e.EventId.Id == StoreUnavailableEvent);
        Assert.StartsWith("BstChat could not reach the database during create conversation: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", logged.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", logged.Message, StringComparison.Ordinal);
        // The exception's message is the HTTP problem's detail: it names no server.
        Assert.DoesNotContain("127.0.0.1", error.Message, StringComparison.Ordinal);
    }
}
