using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>Sending through a broken network: a message waits as pending and is stored exactly once when the network is back.</summary>
public sealed partial class OfflineSendTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_message_sent_while_the_server_is_unreachable_is_pending_then_arrives_once_for_both()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (site, anna, ben) = (scene.Site, scene.Anna, scene.Ben);

        // Cut Anna off from the chat API. Ben's message answers her long-poll of the user feed
        // already in flight; her next one fails, and she sees that she is reconnecting.
        await anna.Page.RouteAsync(ChatApi(), route => route.AbortAsync());
        await ben.SendAsync("Are you there?");
        await Expect(anna.Widget).ToHaveAttributeAsync("data-status", "reconnecting");
        await Expect(anna.Page.Locator("bst-chat .banner")).ToHaveTextAsync("Reconnecting…");

        await anna.SendAsync("Sent while offline");
        var pending = anna.Message("Sent while offline");
        await Expect(pending).ToHaveClassAsync(Pending());
        await Expect(pending.Locator(".status")).ToHaveTextAsync("Sending…");
        await ben.Page.WaitForTimeoutAsync(1_000);
        await Expect(ben.Message("Sent while offline")).ToHaveCountAsync(0);
        await Expect(anna.Message("Are you there?")).ToHaveCountAsync(0);

        await anna.Page.UnrouteAllAsync();

        // Back online: Anna's message is stored once, and she resumes from her cursor, missing nothing.
        await Expect(anna.Widget).ToHaveAttributeAsync("data-status", "live", new() { Timeout = 60_000 });
        await Expect(ben.Message("Sent while offline")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(anna.Message("Sent while offline")).ToHaveCountAsync(1);
        await Expect(anna.Message("Sent while offline")).Not.ToHaveClassAsync(Pending());
        await Expect(anna.Message("Are you there?")).ToHaveCountAsync(1);
        await Expect(anna.Page.Locator("bst-chat .banner")).ToBeHiddenAsync();
        await ben.Page.WaitForTimeoutAsync(1_000);
        await Expect(ben.Message("Sent while offline")).ToHaveCountAsync(1);
        await Expect(anna.Messages).ToHaveCountAsync(2);
        Assert.Single(await ben.StoredTextsAsync("lesson-1"), text => text == "Sent while offline");
        Assert.Empty(anna.PageErrors);
        Assert.Empty(ben.PageErrors);
    }

    [Fact]
    public async Task A_send_whose_answer_is_lost_is_retried_with_the_same_client_message_id_and_stored_once()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (site, anna, ben) = (scene.Site, scene.Anna, scene.Ben);

        // The first send reaches the server, which stores it, but its answer never reaches the browser.
        var posts = new ConcurrentQueue<string>();
        await anna.Page.RouteAsync("**/chat/conversations/lesson-1/messages", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            posts.Enqueue(route.Request.PostData ?? "");
            if (posts.Count == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });

        await anna.SendAsync("Stored once");

        await Expect(ben.Message("Stored once")).ToHaveCountAsync(1);
        await Expect(anna.Message("Stored once")).Not.ToHaveClassAsync(Pending());
        await ben.Page.WaitForTimeoutAsync(1_000);
        await Expect(ben.Message("Stored once")).ToHaveCountAsync(1);
        await Expect(anna.Message("Stored once")).ToHaveCountAsync(1);
        Assert.Single(await ben.StoredTextsAsync("lesson-1"), text => text == "Stored once");
        Assert.Single(posts.Select(ClientMessageId).Distinct());
        Assert.Empty(anna.PageErrors);
    }

    private static Regex Pending() => PendingClass();

    private static string ClientMessageId(string body) => ClientMessageIdField().Match(body).Groups[1].Value;

    /// <summary>Every chat API request (the user feed, the conversations), not the scripts.</summary>
    [GeneratedRegex(@"/chat/(changes|conversations)(\?|/|$)")]
    private static partial Regex ChatApi();

    [GeneratedRegex(@"\bpending\b")]
    private static partial Regex PendingClass();

    [GeneratedRegex("\"clientMessageId\":\"([^\"]+)\"")]
    private static partial Regex ClientMessageIdField();
}
