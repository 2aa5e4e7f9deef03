using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;
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

    [Fact]
    public async Task An_uploaded_image_gets_a_thumbnail_from_SkiaSharp_s_native_library_restored_with_the_package()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ben = site.Host.CreateClient("ben");

        using var uploaded = await ben.PostAsync("/chat/conversations/lesson-1/files", TestFiles.Upload(TestFiles.Png(600, 300), "board.png"), ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        using var file = await JsonDocument.ParseAsync(await uploaded.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var thumbnailUrl = file.RootElement.GetProperty("thumbnailUrl").GetString();
        Assert.NotNull(thumbnailUrl);

        using var thumbnail = await ben.GetAsync(thumbnailUrl, ct);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Equal((320, 160), JpegSize(await thumbnail.Content.ReadAsByteArrayAsync(ct)));
    }

    /// <summary>A baseline or progressive JPEG's width and height, from its SOF segment.</summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        Assert.True(jpeg is [0xFF, 0xD8, ..], "Not a JPEG.");
        for (var at = 2; at + 9 < jpeg.Length;)
        {
            Assert.Equal(0xFF, jpeg[at]);
            var marker = jpeg[at + 1];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return ((jpeg[at + 7] << 8) | jpeg[at + 8], (jpeg[at + 5] << 8) | jpeg[at + 6]);
            }

            at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
        }

        throw new InvalidOperationException("The JPEG has no SOF segment.");
    }

    /// <summary>One host for the class: building it is the slow part.</summary>
    public sealed class Site(PackedFeed feed) : IAsyncLifetime
    {
        public PackagedHost Host { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Host = await PackagedHost.StartAsync(feed);

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
