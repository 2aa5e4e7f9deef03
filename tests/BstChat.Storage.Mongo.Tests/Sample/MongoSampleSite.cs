using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Sample;

/// <summary>
/// The sample site as shipped, on Kestrel at a free loopback port, configured as an operator
/// would to keep its chat in MongoDB: <c>Chat:Store=Mongo</c> and a connection string.
/// </summary>
internal sealed class MongoSampleSite : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly string _databaseName;
    private readonly List<HttpClient> _clients = [];

    private MongoSampleSite(string connectionString, string databaseName)
    {
        _connectionString = connectionString;
        _databaseName = databaseName;
        UseKestrel(0);
    }

    public static MongoSampleSite Start(string connectionString, string databaseName)
    {
        var site = new MongoSampleSite(connectionString, databaseName);
        site.StartServer();
        return site;
    }

    /// <summary>Signs in through the demo's <c>/login</c>; the client carries the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string user)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = ClientOptions.BaseAddress };
        _clients.Add(client);
        using var response = await client.GetAsync($"/login?user={user}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Chat:Store", "Mongo");
        builder.UseSetting("ConnectionStrings:BstChat", _connectionString);
        builder.UseSetting("Chat:MongoDatabase", _databaseName);
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }
}

/// <summary>The chat API's calls, answered as JSON; each asserts the status it expects.</summary>
internal static class SampleChat
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> SendAsync(this HttpClient client, string conversationId, string text, string clientMessageId, HttpStatusCode expected) =>
        await ReadAsync(await client.PostAsJsonAsync($"/chat/conversations/{conversationId}/messages", new { text, clientMessageId }, Cancellation), expected);

    public static async Task<JsonElement> EditAsync(this HttpClient client, string conversationId, string messageId, string text) =>
        await ReadAsync(await client.PatchAsJsonAsync($"/chat/conversations/{conversationId}/messages/{messageId}", new { text }, Cancellation), HttpStatusCode.OK);

    public static async Task DeleteAsync(this HttpClient client, string conversationId, string messageId) =>
        await ReadAsync(await client.DeleteAsync($"/chat/conversations/{conversationId}/messages/{messageId}", Cancellation), HttpStatusCode.NoContent);

    public static async Task MarkReadAsync(this HttpClient client, string conversationId, long seq) =>
        await ReadAsync(await client.PostAsJsonAsync($"/chat/conversations/{conversationId}/read", new { seq }, Cancellation), HttpStatusCode.NoContent);

    public static async Task<JsonElement> ChangesAsync(this HttpClient client, string conversationId, string? cursor = null, int wait = 0) =>
        await ReadAsync(await client.GetAsync(
            $"/chat/conversations/{conversationId}/changes?wait={wait}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", Cancellation), HttpStatusCode.OK);

    public static async Task<JsonElement> InboxEntryAsync(this HttpClient client, string conversationId)
    {
        var inbox = await ReadAsync(await client.GetAsync("/chat/conversations", Cancellation), HttpStatusCode.OK);
        return inbox.GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("id").GetString() == conversationId);
    }

    public static async Task<JsonElement> ConversationAsync(this HttpClient client, string conversationId) =>
        await ReadAsync(await client.GetAsync($"/chat/conversations/{conversationId}", Cancellation), HttpStatusCode.OK);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Cancellation);
            Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
