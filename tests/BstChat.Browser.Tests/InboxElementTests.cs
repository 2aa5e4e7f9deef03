using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>The <c>&lt;bst-inbox&gt;</c> beside the lesson: every conversation, live badges, last message and presence, from the user feed.</summary>
public sealed class InboxElementTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_inbox_shows_a_message_in_another_conversation_at_once_with_its_badge_and_who_is_online()
    {
        var browser = fixture.Browser;
        await using var site = SampleSite.Start();
        await using var ben = await UserSession.SignInAsync(browser, site.BaseAddress, "ben", "/lessons/lesson-1");
        await ben.WaitUntilLiveAsync();
        await using var anna = await UserSession.SignInAsync(browser, site.BaseAddress, "anna", "/lessons/anna-ben");
        await anna.WaitUntilLiveAsync();

        var inbox = ben.Page.GetByRole(AriaRole.List, new() { Name = "Conversations" });
        await Expect(inbox.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        var current = inbox.GetByRole(AriaRole.Link, new() { Name = "Lesson 1: Algebra" });
        await Expect(current).ToHaveAttributeAsync("aria-current", "page");
        await Expect(current).ToHaveAttributeAsync("href", "/lessons/lesson-1");
        var other = ben.Page.Locator("bst-inbox li[data-conversation='anna-ben']");
        await Expect(other.Locator(".badge")).ToBeHiddenAsync();

        await anna.SendAsync("Are you free at 5?");

        await Expect(other.Locator(".badge")).ToHaveTextAsync("1");
        await Expect(other.Locator(".badge")).ToHaveAttributeAsync("aria-label", "1 unread");
        await Expect(other.Locator(".preview")).ToHaveTextAsync("Anna: Are you free at 5?");
        // The conversation with the newest message comes first.
        await Expect(inbox.GetByRole(AriaRole.Listitem).First).ToHaveAttributeAsync("data-conversation", "anna-ben");
        // Anna's tab holds her feed: she is online.
        await Expect(other.GetByRole(AriaRole.Img, new() { Name = "Anna is online" })).ToHaveCountAsync(1);

        await other.GetByRole(AriaRole.Link).ClickAsync();
        await ben.WaitUntilLiveAsync();
        await Expect(ben.Message("Are you free at 5?")).ToHaveCountAsync(1);
        // Reading it clears the badge, in this page's inbox too.
        await Expect(ben.Page.Locator("bst-inbox li[data-conversation='anna-ben'] .badge")).ToBeHiddenAsync();
        await Expect(ben.Page.Locator("bst-inbox li[data-conversation='anna-ben'] a")).ToHaveAttributeAsync("aria-current", "page");
        Assert.Empty(ben.PageErrors);
        Assert.Empty(anna.PageErrors);
    }
}
