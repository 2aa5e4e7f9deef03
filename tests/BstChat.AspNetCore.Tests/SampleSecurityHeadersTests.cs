using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// Every answer of the sample, pages and chat API alike, carries the security headers, so no other
/// page can frame a lesson (and its Delete buttons), no answer is sniffed into HTML, and no URL leaks
/// through the Referer.
/// </summary>
public sealed class SampleSecurityHeadersTests : IAsyncLifetime
{
    private SampleSite _site = null!;

    public ValueTask InitializeAsync()
    {
        _site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task Every_page_script_style_and_chat_answer_carries_the_security_headers()
    {
        var anna = await _site.SignInAsync("anna");
        var anonymous = _site.CreateCookieClient();
        (HttpClient Client, string Path, HttpStatusCode Status)[] answers =
        [
            (anonymous, "/", HttpStatusCode.OK),
            (anna, "/lessons", HttpStatusCode.OK),
            (anna, "/lessons/lesson-1", HttpStatusCode.OK),
            (anna, "/lessons/no-such-lesson", HttpStatusCode.NotFound),
            (anonymous, "/lessons", HttpStatusCode.Redirect),
            (anonymous, "/login?user=nobody", HttpStatusCode.BadRequest),
            (anonymous, "/site.css", HttpStatusCode.OK),
            (anonymous, "/lessons.js", HttpStatusCode.OK),
            (anonymous, "/favicon.svg", HttpStatusCode.OK),
            (anonymous, "/chat/bstchat.js", HttpStatusCode.OK),
            (anonymous, "/chat/bstchat-element.js", HttpStatusCode.OK),
            (anna, "/chat/me", HttpStatusCode.OK),
            (anna, "/chat/conversations", HttpStatusCode.OK),
            (anna, "/chat/conversations/lesson-1/messages", HttpStatusCode.OK),
            (anna, "/chat/conversations/no-such-lesson/messages", HttpStatusCode.NotFound),
            (anonymous, "/chat/conversations", HttpStatusCode.Unauthorized),
            (anonymous, "/no-such-page", HttpStatusCode.NotFound),
        ];

        foreach (var (client, path, status) in answers)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == status, $"GET {path}: expected {(int)status}, got {(int)response.StatusCode}.");
            SecurityHeaderAssert.HasSecurityHeaders(response, $"GET {path}");
        }

        using var sent = await anna.PostMessageAsync(ChatSeed.Lesson, "Headers on a write too");
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        SecurityHeaderAssert.HasSecurityHeaders(sent, "POST a message");
    }
}
