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

    /// <summary>
    /// A re-check no test waits for: a waiter on B that answers with a change from A within
    /// <see cref="Answered"/> was woken through Redis.
    /// </summary>
    public static readonly TimeSpan NoRecheck = TimeSpan.FromMinutes(5);

    /// <summary>What Ben's held request asks for: minutes, so one that nothing woke answers empty, and late.</summary>
    private const int HeldWaitSeconds = 240;

    /// <summary>
    /// Generous for a wake-up (milliseconds through Redis, a re-check of seconds without it), and
    /// far below both <see cref="HeldWaitSeconds"/> and <see cref="NoRecheck"/>.
    /// </summary>
    public static readonly TimeSpan Answered = TimeSpan.FromMinutes(1);

    /// <summary>How long a waiter is given to reach the server's wait before the change it waits for is made; a change made sooner is found by its read instead.</summary>
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
    /// <param name="redis">The backplane, or none; the instances' Redis commands time out only after <see cref="RedisServer.CommandTimeout"/>.</param>
    public static async Task<TwoInstances> StartAsync(TimeSpan recheckInterval, RedisServer? redis)
    {
        var database = await TemporaryPostgresDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["Chat__Store"] = "Postgres",
            ["ConnectionStrings__BstChat"] = database.ConnectionString,
            ["Chat__RecheckInterval"] = recheckInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Chat__MaxWait"] = "00:05:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (redis is not null)
        {
            environment["ConnectionStrings__Redis"] = redis.PatientConnectionString;
        }

        // One after the other, so only the first creates the schema.
        var a = await SampleInstance.StartAsync(environment);
        var b = await SampleInstance.StartAsync(environment);
        return new TwoInstances(database, a, b, await a.SignInAsync("anna"), await b.SignInAsync("ben"));
    }

    /// <summary>
    /// Holds a change-feed request for Ben on B, makes a change through <paramref name="change"/>
    /// once it is held, and answers what the held request returned; fails when it has not
    /// answered within <see cref="Answered"/>.
    /// </summary>
    public Task<ApiChanges> WaitOnBWhileAsync(Func<Task> change) => WaitOnBWhileAsync(change, HeldWaitSeconds);

    /// <summary>As <see cref="WaitOnBWhileAsync(Func{Task})"/>, with a wait of <paramref name="waitSeconds"/> that answers empty when nothing woke it.</summary>
    public async Task<ApiChanges> WaitOnBWhileAsync(Func<Task> change, int waitSeconds)
    {
        var start = await BenOnB.GetChangesAsync(Conversation);
        var waiting = BenOnB.GetChangesAsync(Conversation, start.Cursor, wait: waitSeconds);
        await Task.Delay(SettleTime, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted, "The change-feed request answered before any change.");
        await change().WaitAsync(Answered, TestContext.Current.CancellationToken);
        return await waiting.WaitAsync(waitSeconds < HeldWaitSeconds ? Answered + TimeSpan.FromSeconds(waitSeconds) : Answered, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _database.DisposeAsync();
    }
}
