using System.Threading.RateLimiting;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Hardening.Tests.Infrastructure;
using BstChat.Storage.EfCore;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of the HTTP API on a real Kestrel host: random runs of calls by random
/// users with random, often hostile, input (see <see cref="FuzzGenerators"/>), each run on two
/// fresh conversations and checked after every step by <see cref="FuzzRun"/>. A failure is
/// shrunk by CsCheck and reported with its seed; run it again with <c>CsCheck_Seed=&lt;seed&gt;</c>
/// in the environment.
/// </summary>
public sealed class ApiFuzzTests
{
    /// <summary>At least this many steps per store, every CI run.</summary>
    private const int RequiredSteps = 10_000;

    private const int MinStepsPerRun = 40;
    private const int MaxStepsPerRun = 60;

    [Fact]
    public async Task Random_calls_with_hostile_input_keep_every_rule_on_the_SQLite_store()
    {
        using var file = new TemporarySqliteFile();
        var options = new DbContextOptionsBuilder<BstChatDbContext>().UseSqlite(file.ConnectionString()).Options;
        await using (var schema = new BstChatDbContext(options))
        {
            await schema.Database.EnsureBstChatCreatedAsync(TestContext.Current.CancellationToken);
        }

        await FuzzAsync(chat =>
        {
            chat.Services.AddDbContextFactory<BstChatDbContext>(o => o.UseSqlite(file.ConnectionString()));
            chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
        });
        await file.AssertIntegrityAsync();
    }

    [Fact]
    public Task Random_calls_with_hostile_input_keep_every_rule_on_the_in_memory_store() =>
        FuzzAsync(chat => chat.AddInMemoryStore());

    // The fuzzer writes far faster than a person; the per-user rate limits have their own tests.
    private static void GenerousRateLimits(BstChatOptions options)
    {
        options.WriteRate = new TokenBucketLimit { Burst = 10_000, PerMinute = 600 };
        options.TypingRate = new TokenBucketLimit { Burst = 10_000, PerMinute = 600 };
    }

    // It also reads after every step to check the rules, tens of thousands of reads per user: no read limit.
    private static void UnlimitedReads(BstChatBuilder chat) =>
        chat.Services.AddKeyedSingleton(ChatRateLimitPolicies.Reads, PartitionedRateLimiter.Create<string, string>(static userId => RateLimitPartition.GetNoLimiter(userId)));

    private static async Task FuzzAsync(Action<BstChatBuilder> configureStore)
    {
        await using var host = await ChatTestHost.StartAsync(
            chat =>
            {
                configureStore(chat);
                UnlimitedReads(chat);
            },
            configureChat: GenerousRateLimits,
            cancellationToken: TestContext.Current.CancellationToken);
        var clients = Enum.GetValues<FuzzUser>().ToDictionary(
            user => user,
            user => host.CreateClient(user == FuzzUser.Anonymous ? null : user.ToString().ToLowerInvariant()));
        var steps = 0;

        await FuzzGenerators.Steps(MinStepsPerRun, MaxStepsPerRun).SampleAsync(
            async run =>
            {
                var fuzz = await FuzzRun.StartAsync(host, user => clients[user]);
                Interlocked.Add(ref steps, await fuzz.RunAsync(run));
            },
            writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line),
            iter: RequiredSteps / MinStepsPerRun,
            print: FuzzPrinter.Print);

        Assert.True(steps >= RequiredSteps, $"Only {steps} steps ran.");
        TestContext.Current.TestOutputHelper?.WriteLine($"{steps} steps, no rule broken.");
    }
}
