using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample site as shipped: cookie sign-in, seeded lessons, and its store chosen by
/// configuration alone (SQLite file by default, PostgreSQL by <c>Chat:Store=Postgres</c>).
/// </summary>
public sealed class SampleSiteTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bstchat-sample-").FullName;

    private string SqliteConnectionString => $"Data Source={Path.Combine(_folder, "chat.db")};Default Timeout=10";

    [Fact]
    public async Task Ben_and_Anna_sign_in_with_cookies_and_exchange_a_message()
    {
        await using var site = SampleSite.Start(new Dictionary<string, string?> { ["ConnectionStrings:BstChat"] = SqliteConnectionString });

        await AssertRoundTripAsync(site);
    }

    [Fact]
    public async Task The_sample_answers_an_anonymous_chat_call_with_401_not_a_redirect()
    {
        await using var site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" });

        using var response = await site.CreateCookieClient().GetAsync("/chat/conversations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task With_no_configuration_the_sample_creates_its_SQLite_file_under_App_Data()
    {
        await using (var site = SampleSite.Start(new Dictionary<string, string?>(), contentRoot: _folder))
        {
            var anna = await site.SignInAsync("anna");
            await anna.SendMessageAsync(ChatSeed.Lesson, "Stored in the default file");
        }

        Assert.True(File.Exists(Path.Combine(_folder, "App_Data", "bstchat.db")), "The sample did not create App_Data/bstchat.db.");
    }

    [Fact]
    public async Task Messages_and_the_seed_survive_a_restart_exactly_once()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:BstChat"] = SqliteConnectionString };
        string sentId;
        await using (var first = SampleSite.Start(settings))
        {
            var anna = await first.SignInAsync("anna");
            sentId = (await anna.SendMessageAsync(ChatSeed.Lesson, "Homework: exercises 3 to 7")).Id;
        }

        await using var second = SampleSite.Start(settings);
        var ben = await second.SignInAsync("ben");
        var history = await ben.GetHistoryAsync(ChatSeed.Lesson);
        var conversation = await ben.GetConversationAsync(ChatSeed.Lesson);

        Assert.Equal(sentId, Assert.Single(history.Messages).Id);
        Assert.Equal(["anna", "ben", "chloe"], conversation.Members.Select(m => m.UserId).Order());
        Assert.Single((await ben.GetInboxAsync()).Conversations, c => c.Id == ChatSeed.Lesson && c.UnreadCount == 1);
    }

    [Fact]
    public async Task The_sample_runs_on_PostgreSQL_by_configuration_alone()
    {
        await using var database = await TemporaryPostgresDatabase.CreateAsync();
        await using var site = SampleSite.Start(new Dictionary<string, string?>
        {
            ["Chat:Store"] = "Postgres",
            ["ConnectionStrings:BstChat"] = database.ConnectionString,
        });

        await AssertRoundTripAsync(site);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Anna long-polls; Ben's message wakes her; her inbox counts it unread.</summary>
    private static async Task AssertRoundTripAsync(SampleSite site)
    {
        var ben = await site.SignInAsync("ben");
        var anna = await site.SignInAsync("anna");
        var start = await anna.GetChangesAsync(ChatSeed.AnnaBen);

        var waiting = anna.GetChangesAsync(ChatSeed.AnnaBen, start.Cursor, wait: 20);
        var sent = await ben.SendMessageAsync(ChatSeed.AnnaBen, "Hello from the sample");
        var received = Assert.Single((await waiting).Messages);

        Assert.Equal((sent.Id, "ben", "Ben"), (received.Id, received.SenderId, received.SenderName));
        var inbox = await anna.GetInboxAsync();
        Assert.Equal(1, Assert.Single(inbox.Conversations, c => c.Id == ChatSeed.AnnaBen).UnreadCount);
    }
}
