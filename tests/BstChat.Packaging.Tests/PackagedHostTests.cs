using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BstChat.Packaging.Tests.Infrastructure;

namespace BstChat.Packaging.Tests;

/// <summary>A fresh site that has BstChat only by package: it starts, and chat works over HTTP.</summary>
public sealed class PackagedHostTests(PackagedHostTests.Site site) : IClassFixture<PackagedHostTests.Site>
{
    [Fact]
    public async Task A_message_sent_by_one_user_reaches_another_user_s_long_poll()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anna = site.Host.CreateClient("anna");
        using var ben = site.Host.CreateClient("ben");

        using var current = await JsonDocument.ParseAsync(await ben.GetStreamAsync("/chat/conversations/lesson-1/changes", ct), cancellationToken: ct);
        var cursor = current.RootElement.GetProperty("cursor").GetString();
        var longPoll = ben.GetAsync($"/chat/conversations/lesson-1/changes?cursor={Uri.EscapeDataString(cursor!)}&wait=30", ct);

        using var sent = await anna.PostAsJsonAsync("/chat/conversations/lesson-1/messages", new { text = "Hello from the packages", clientMessageId = "pkg-1" }, ct);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        using var answer = await longPoll;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var changes = await JsonDocument.ParseAsync(await answer.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var message = Assert.Single(changes.RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal("Hello from the packages", message.GetProperty("text").GetString());
        Assert.Equal("anna", message.GetProperty("senderId").GetString());
        Assert.NotEqual(cursor, changes.RootElement.GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task The_browser_client_is_served_from_the_package_and_strangers_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var stranger = site.Host.CreateClient("zoe");
        using var anonymous = new HttpClient { BaseAddress = site.Host.Address };

        using var script = await anonymous.GetAsync("/chat/bstchat.js", ct);
        using var notMember = await stranger.GetAsync("/chat/conversations/lesson-1", ct);
        using var nobody = await anonymous.GetAsync("/chat/conversations", ct);

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
    }

    /// <summary>One host for the class: building it is the slow part.</summary>
    public sealed class Site(PackedFeed feed) : IAsyncLifetime
    {
        public PackagedHost Host { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Host = await PackagedHost.StartAsync(feed);

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
