using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

/// <summary><c>GET /chat/bstchat.js</c>: served to anyone, revalidated by ETag.</summary>
public sealed class ClientScriptTests : IAsyncLifetime
{
    private ChatTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await ChatTestHost.StartAsync(b => b.AddInMemoryStore(), cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_script_is_served_to_anonymous_callers_despite_RequireAuthorization()
    {
        using var response = await _host.CreateClient(null).GetAsync("/chat/bstchat.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Contains("BstChat", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{etag}")]
    [InlineData("W/{etag}")]
    [InlineData("\"stale\", {etag}")]
    [InlineData("*")]
    public async Task A_request_whose_If_None_Match_matches_the_current_ETag_gets_304_without_a_body(string ifNoneMatch)
    {
        var client = _host.CreateClient(null);
        using var first = await client.GetAsync("/chat/bstchat.js", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag?.Tag ?? throw new InvalidOperationException("No ETag.");

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/chat/bstchat.js");
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch.Replace("{etag}", etag, StringComparison.Ordinal));
        using var second = await client.SendAsync(revalidate, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag?.Tag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_request_with_another_ETag_gets_the_script()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/chat/bstchat.js");
        request.Headers.IfNoneMatch.ParseAdd("\"stale\"");

        using var response = await _host.CreateClient(null).SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
