using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample site as shipped, on Kestrel: its cookie sign-in and seeded lessons carry a chat
/// round trip. Clients are plain browsers-alike: a cookie jar and no automatic redirects.
/// </summary>
public sealed class SampleSmokeTests : IAsyncLifetime
{
    private readonly QuietSample _sample = new();
    private readonly List<HttpClient> _clients = [];

    public ValueTask InitializeAsync()
    {
        _sample.UseKestrel(0);
        _sample.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _sample.DisposeAsync();
    }

    [Fact]
    public async Task Ben_and_Anna_sign_in_with_cookies_and_exchange_a_message()
    {
        var ben = await SignInAsync("ben");
        var anna = await SignInAsync("anna");
        var start = await anna.GetChangesAsync(ChatSeed.AnnaBen);

        var waiting = anna.GetChangesAsync(ChatSeed.AnnaBen, start.Cursor, wait: 20);
        var sent = await ben.SendMessageAsync(ChatSeed.AnnaBen, "Hello from the sample");
        var received = Assert.Single((await waiting).Messages);

        Assert.Equal((sent.Id, "ben", "Ben"), (received.Id, received.SenderId, received.SenderName));
        var inbox = await anna.GetInboxAsync();
        Assert.Equal(1, Assert.Single(inbox.Conversations, c => c.Id == ChatSeed.AnnaBen).UnreadCount);
    }

    [Fact]
    public async Task The_sample_answers_an_anonymous_chat_call_with_401_not_a_redirect()
    {
        using var response = await CreateClient().GetAsync("/chat/conversations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = CreateClient();
        using var response = await client.GetAsync($"/login?user={user}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(response.Headers.Contains("Set-Cookie"), "Signing in set no cookie.");
        return client;
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = _sample.ClientOptions.BaseAddress };
        _clients.Add(client);
        return client;
    }

    /// <summary>The sample with its console logging off, so test output stays readable.</summary>
    private sealed class QuietSample : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.ConfigureLogging(logging => logging.ClearProviders());
    }
}
