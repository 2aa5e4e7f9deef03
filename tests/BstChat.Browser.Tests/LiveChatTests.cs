using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>Two people in one lesson: messages, typing, read status, edits and deletes reach the other without a reload.</summary>
public sealed class LiveChatTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_message_typed_by_anna_appears_for_ben_who_sees_her_typing_only_while_she_types()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (site, anna, ben) = (scene.Site, scene.Anna, scene.Ben);

        await anna.TypeAsync("Hi Ben! Ready for lesson 1?");
        await Expect(ben.TypingIndicator).ToHaveTextAsync("Anna is typing…");
        await anna.Composer.PressAsync("Enter");

        await Expect(ben.Message("Hi Ben! Ready for lesson 1?")).ToHaveCountAsync(1);
        await Expect(ben.TypingIndicator).ToHaveTextAsync("");
        await Expect(ben.Message("Hi Ben! Ready for lesson 1?").Locator(".sender")).ToHaveTextAsync("Anna");
        await Expect(anna.Message("Hi Ben! Ready for lesson 1?").Locator(".status")).ToHaveTextAsync("Seen by Ben");

        await ben.SendAsync("Yes, I did the homework.\nQuestion 3 was hard.");
        await Expect(anna.Message("Yes, I did the homework.\nQuestion 3 was hard.")).ToHaveCountAsync(1);

        // Typing that stops without a message disappears when the server's typing state expires.
        await anna.TypeAsync("Let's start with");
        await Expect(ben.TypingIndicator).ToHaveTextAsync("Anna is typing…");
        await Screenshots.SaveSideBySideAsync(browser, "browser-client", anna, ben);
        await Expect(ben.TypingIndicator).ToHaveTextAsync("");

        Assert.Empty(anna.PageErrors);
        Assert.Empty(ben.PageErrors);
    }

    [Fact]
    public async Task Markup_sent_as_text_is_shown_as_text_and_runs_nothing()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (site, anna, ben) = (scene.Site, scene.Anna, scene.Ben);

        const string Image = "<img src=x onerror=\"window.__bstchatPwned = 'img'\">";
        const string Script = "<script>window.__bstchatPwned = 'script'</script>";
        await anna.SendAsync(Image);
        await anna.SendAsync(Script);

        foreach (var user in new[] { anna, ben })
        {
            await Expect(user.Message(Image)).ToHaveCountAsync(1);
            await Expect(user.Message(Script)).ToHaveCountAsync(1);
            await Expect(user.Page.Locator("bst-chat img, bst-chat script")).ToHaveCountAsync(0);
        }

        // The lesson page's <bst-inbox> shows the last message as text too.
        await Expect(ben.Page.Locator("bst-inbox li[data-conversation='lesson-1'] .preview")).ToHaveTextAsync($"Anna: {Script}");
        await Expect(anna.Page.Locator("bst-inbox li[data-conversation='lesson-1'] .preview")).ToHaveTextAsync($"You: {Script}");
        await Expect(ben.Page.Locator("bst-inbox img, bst-inbox script")).ToHaveCountAsync(0);

        // The inbox preview is rendered by the server, then rewritten by lessons.js: text both times.
        await ben.Page.GotoAsync("/lessons");
        var preview = ben.Page.Locator("li[data-conversation='lesson-1'] [data-preview]");
        await Expect(preview).ToHaveTextAsync($"Anna: {Script}");
        await ben.Page.WaitForTimeoutAsync(500);

        foreach (var user in new[] { anna, ben })
        {
            Assert.Null(await user.Page.EvaluateAsync<string?>("() => window.__bstchatPwned ?? null"));
            Assert.Empty(user.PageErrors);
        }
    }

    [Fact]
    public async Task Edits_and_deletes_reach_the_other_user()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (site, anna, ben) = (scene.Site, scene.Anna, scene.Ben);

        await anna.SendAsync("Homework: page 21");
        await Expect(ben.Message("Homework: page 21")).ToHaveCountAsync(1);
        // Ben is a plain member: Anna's message has no edit or delete for him.
        await Expect(ben.Message("Homework: page 21").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await anna.Message("Homework: page 21").GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        var editor = anna.Page.Locator("bst-chat .edit-form textarea");
        await editor.FillAsync("Homework: page 12");
        await editor.PressAsync("Enter");

        await Expect(ben.Message("Homework: page 12").Locator(".edited")).ToHaveTextAsync("(edited)");
        await Expect(ben.Message("Homework: page 21")).ToHaveCountAsync(0);
        await Expect(anna.Message("Homework: page 12").Locator(".edited")).ToHaveTextAsync("(edited)");

        await anna.Message("Homework: page 12").GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();

        foreach (var user in new[] { anna, ben })
        {
            await Expect(user.Message("Message deleted")).ToHaveCountAsync(1);
            await Expect(user.Message("Message deleted")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bdeleted\b"));
            await Expect(user.Message("Homework: page 12")).ToHaveCountAsync(0);
            Assert.Empty(user.PageErrors);
        }
    }
}
