using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Tests.Hosting;

/// <summary>
/// The chat service learns from the store whether a create created the conversation, so it
/// reports a creation even where the database keeps times less precisely than it was given them.
/// </summary>
public sealed class ConversationCreationTests(SqliteDatabase database)
{
    /// <summary><c>Conversation {id} created.</c>, from Core's log.</summary>
    private const int ConversationCreatedEvent = 1001;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_creation_is_logged_once_although_the_store_keeps_its_time_only_to_the_microsecond()
    {
        // Seven ticks past a whole microsecond: the store hands back a CreatedAt other than the one it was given.
        var now = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(7);
        var log = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(log));
        services.AddSingleton<TimeProvider>(new FixedClock(now));
        services.AddDbContextFactory<BstChatDbContext>(database.Configure);
        services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>();
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatService>();
        var id = $"created-{Guid.NewGuid():N}";

        var created = await chat.CreateConversationAsync(id, "Algebra", Ct);
        var again = await chat.CreateConversationAsync(id, "Geometry", Ct);

        Assert.NotEqual(now, created.CreatedAt);
        Assert.Equal(created, again);
        var entry = Assert.Single(log.Entries, e => e.EventId.Id == ConversationCreatedEvent);
        Assert.Contains(id, entry.Message, StringComparison.Ordinal);
    }

    /// <summary>A clock that always says the same time.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
