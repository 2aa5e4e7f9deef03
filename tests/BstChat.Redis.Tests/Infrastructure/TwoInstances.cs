using System.Diagnostics;
using System.Globalization;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.Redis.Tests.Infrastructure;

/// <summary>
/// A scaled-out sample site: instances A and B over one fresh PostgreSQL database, with a Redis
/// backplane when given one. Anna uses A and Ben uses B, each signed in on their own instance.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    public const string Conversation = "lesson-1";

    /// <summary>How long a waiter is given to reach the server's wait before the change it waits for is made.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(300);

    private readonly TemporaryPostgresDatabase _database;
    private readonly SampleInstance _a;
    private readonly SampleInstance _b;

    private TwoInstances(TemporaryPostgresDatabase database, SampleInstance a, SampleInstance b, HttpClient annaOnA, HttpClient benOnB)
    {
        _database = database;
        _a = a;
        _b = b;
        AnnaOnA = annaOnA;
        BenOnB = benOnB;
    }

    public HttpClient AnnaOnA { get; }

    public HttpClient BenOnB { get; }

    /// <param name="recheckInterval">Each instance's <c>Chat:RecheckInterval</c>.</param>
    /// <param name="redis">The backplane, or none.</param>
    public static async Task<TwoInstances> StartAsync(TimeSpan recheckInterval, RedisServer? redis)
    {
        var database = await TemporaryPostgresDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["Chat__Store"] = "Postgres",
            ["ConnectionStrings__BstChat"] = database.ConnectionString,
            ["Chat__RecheckInterval"] = recheckInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (redis is not null)
        {
            environment["ConnectionStrings__Redis"] = redis.ConnectionString;
        }

        // One after the other, so only the first creates the schema.
        var a = await SampleInstance.StartAsync(environment);
        var b = await SampleInstance.StartAsync(environment);
        return new TwoInstances(database, a, b, await a.SignInAsync("anna"), await b.SignInAsync("ben"));
    }

    /// <summary>
    /// Holds a change-feed request for Ben on B, makes a change through <paramref name="change"/>
    /// once it is held, and answers what the held request returned and how long after the change.
    /// </summary>
    public async Task<(ApiChanges Changes, TimeSpan Delay)> WaitOnBWhileAsync(Func<Task> change)
    {
        var start = await BenOnB.GetChangesAsync(Conversation);
        var waiting = BenOnB.GetChangesAsync(Conversation, start.Cursor, wait: 20);
        await Task.Delay(SettleTime, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted, "The change-feed request answered before any change.");
        var clock = Stopwatch.StartNew();
        await change();
        var changes = await waiting;
        return (changes, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _database.DisposeAsync();
    }
}
