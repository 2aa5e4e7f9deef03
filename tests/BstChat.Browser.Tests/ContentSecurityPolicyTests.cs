using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>
/// The sample's pages under their own Content-Security-Policy: the widget and the lessons page
/// work and are styled, and the browser refuses nothing, because nothing is inline.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_chat_works_under_the_sample_policy_and_the_browser_reports_no_violation()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (anna, ben) = (scene.Anna, scene.Ben);

        // The page the widget runs in is under the policy.
        var lesson = await anna.Page.GotoAsync("/lessons/lesson-1");
        var policy = await lesson!.HeaderValueAsync("content-security-policy");
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        await anna.WaitUntilLiveAsync();
        // The widget's own styles apply: adopted, so the policy does not block them.
        await Expect(anna.Page.Locator("bst-chat .chat")).ToHaveCSSAsync("border-top-left-radius", "12px");

        await ben.TypeAsync("Hello under the policy");
        await Expect(anna.TypingIndicator).ToHaveTextAsync("Ben is typing…");
        await ben.Composer.PressAsync("Enter");
        await Expect(anna.Message("Hello under the policy")).ToHaveCountAsync(1);
        await Expect(ben.Message("Hello under the policy").Locator(".status")).ToHaveTextAsync("Seen by Anna");

        await ben.Message("Hello under the policy").GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        var editor = ben.Page.Locator("bst-chat .edit-form textarea");
        await editor.FillAsync("Edited under the policy");
        await editor.PressAsync("Enter");
        await Expect(anna.Message("Edited under the policy").Locator(".edited")).ToHaveTextAsync("(edited)");

        // The lessons page: lessons.js follows the user feed and rewrites the preview.
        await anna.Page.GotoAsync("/lessons");
        await ben.SendAsync("Seen on the lessons page");
        await Expect(anna.Page.Locator("li[data-conversation='lesson-1'] [data-preview]")).ToHaveTextAsync("Ben: Seen on the lessons page");

        Assert.Empty(anna.CspViolations);
        Assert.Empty(ben.CspViolations);
        Assert.Empty(anna.PageErrors);
        Assert.Empty(ben.PageErrors);

        // And the policy does bite: a <style> in a shadow root, as the widget once inlined its styles, is refused and reported.
        var refused = await anna.Page.EvaluateAsync<string>("""
            () => new Promise(resolve => {
              document.addEventListener("securitypolicyviolation", e => resolve(e.effectiveDirective), { once: true, capture: true });
              const host = document.createElement("div");
              host.attachShadow({ mode: "open" }).innerHTML = "<style>:host { color: red; }</style>";
              document.body.append(host);
            })
            """);
        Assert.Equal("style-src-elem", refused);
        // The session's own listener heard it too, so its silence above meant something. (A hang guard only.)
        for (var waited = 0; anna.CspViolations.Count == 0; waited += 50)
        {
            Assert.True(waited < 60_000, "The session's violation listener reported nothing.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
