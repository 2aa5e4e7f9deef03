using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>The lessons page: unread badges follow new messages live, from the user feed with no polling, and clear once the lesson has been read.</summary>
public sealed class UnreadBadgeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_unread_badge_updates_live_and_clears_when_the_lesson_is_opened()
    {
        var browser = fixture.Browser;
        await using var site = SampleSite.Start();
        await using var anna = await UserSession.SignInAsync(browser, site.BaseAddress, "anna", "/lessons/lesson-1");
        await using var ben = await UserSession.SignInAsync(browser, site.BaseAddress, "ben", "/lessons");
        await anna.WaitUntilLiveAsync();
        var lesson = ben.Page.Locator("li[data-conversation='lesson-1']");
        var badge = lesson.Locator("[data-unread]");
        await Expect(badge).ToBeHiddenAsync();
        // From here on the lessons page reads nothing but the user feed: no inbox polling.
        var log = ChatRequestLog.Attach(ben.Context);

        await anna.SendAsync("Homework is on page 12");
        await anna.SendAsync("Due Friday");

        await Expect(badge).ToHaveTextAsync("2");
        await Expect(badge).ToBeVisibleAsync();
        await Expect(lesson.Locator("[data-preview]")).ToHaveTextAsync("Anna: Due Friday");
        Assert.All(log.Requests(), request => Assert.StartsWith("GET /chat/changes?cursor=", request));
        Assert.NotEmpty(log.Requests());
        Assert.True(log.MostHeldAtOnce <= 1);

        await ben.Page.GetByRole(AriaRole.Link, new() { Name = "Lesson 1: Algebra" }).ClickAsync();
        await ben.WaitUntilLiveAsync();
        await Expect(ben.Page.Locator("bst-chat li.divider")).ToHaveTextAsync("New messages");
        // Ben's widget marked the lesson read: Anna sees it, and so does Ben's inbox.
        await Expect(anna.Message("Due Friday").Locator(".status")).ToHaveTextAsync("Seen by Ben");

        await ben.Page.GotoAsync("/lessons");
        await Expect(badge).ToBeHiddenAsync();
        Assert.Empty(ben.PageErrors);
    }
}
