using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace BstChat.Browser.Tests;

/// <summary>
/// What the browser loads before any chat happens: the client modules, revalidated by ETag, and
/// <c>GET /chat/me</c>. Plain HTTP, no browser needed, so these run even without Chromium.
/// </summary>
public sealed class ClientScriptTests
{
    [Theory]
    [InlineData("/chat/bstchat.js", "export function connect(")]
    [InlineData("/chat/bstchat-element.js", "customElements.define(\"bst-chat\"")]
    [InlineData("/chat/bstchat-inbox.js", "customElements.define(\"bst-inbox\"")]
    [InlineData("/chat/bstchat-feed.js", "export class SharedFeed")]
    [InlineData("/chat/bstchat-http.js", "export async function requestJson(")]
    [InlineData("/chat/bstchat-ui.js", "export function adoptStyle(")]
    public async Task Each_module_is_served_anonymously_as_javascript_and_revalidated_by_etag(string path, string expected)
    {
        await using var site = SampleSite.Start();
        using var http = new HttpClient { BaseAddress = site.BaseAddress };

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var etag = Assert.IsType<EntityTagHeaderValue>(response.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await http.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task The_two_modules_have_different_etags()
    {
        await using var site = SampleSite.Start();
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var client = await http.GetAsync("/chat/bstchat.js", TestContext.Current.CancellationToken);
        using var element = await http.GetAsync("/chat/bstchat-element.js", TestContext.Current.CancellationToken);
        Assert.NotEqual(client.Headers.ETag, element.Headers.ETag);
    }

    [Fact]
    public async Task Me_says_who_the_signed_in_user_is_and_refuses_anyone_else()
    {
        await using var site = SampleSite.Start();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = site.BaseAddress };

        using var anonymous = await http.GetAsync("/chat/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var signIn = await http.GetAsync("/login?user=ben", TestContext.Current.CancellationToken);
        var me = await http.GetFromJsonAsync<MeBody>("/chat/me", TestContext.Current.CancellationToken);
        Assert.Equal(new MeBody("ben", "Ben"), me);
    }

    private sealed record MeBody(string UserId, string DisplayName);
}
