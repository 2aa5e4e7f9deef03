using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>The chat API's calls as a browser client makes them, each checking the success status.</summary>
public static class ChatHttp
{
    /// <summary>Strict reading: a field the design promises but the answer lacks is an error.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static string ConversationPath(string conversationId) => $"/chat/conversations/{conversationId}";

    public static string MessagesPath(string conversationId) => $"{ConversationPath(conversationId)}/messages";

    public static string ChangesPath(string conversationId, string? cursor = null, int? wait = null) =>
        $"{ConversationPath(conversationId)}{FeedPath(cursor, wait)}";

    /// <summary>The user feed: every conversation of the caller.</summary>
    public static string UserChangesPath(string? cursor = null, int? wait = null) => $"/chat{FeedPath(cursor, wait)}";

    private static string FeedPath(string? cursor, int? wait)
    {
        var query = new List<string>();
        if (cursor is not null)
        {
            query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        }

        if (wait is not null)
        {
            query.Add($"wait={wait}");
        }

        return $"/changes{(query.Count > 0 ? "?" + string.Join('&', query) : "")}";
    }

    public static Task<HttpResponseMessage> PostMessageAsync(this HttpClient client, string conversationId, string text, string? clientMessageId = null) =>
        client.PostAsJsonAsync(MessagesPath(conversationId), new { text, clientMessageId }, Cancellation);

    public static async Task<ApiMessage> SendMessageAsync(this HttpClient client, string conversationId, string text, string? clientMessageId = null)
    {
        using var response = await client.PostMessageAsync(conversationId, text, clientMessageId);
        return await response.ReadAsync<ApiMessage>(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> PatchMessageAsync(this HttpClient client, string conversationId, string messageId, string text) =>
        client.PatchAsJsonAsync($"{MessagesPath(conversationId)}/{messageId}", new { text }, Cancellation);

    public static Task<HttpResponseMessage> DeleteMessageAsync(this HttpClient client, string conversationId, string messageId) =>
        client.DeleteAsync($"{MessagesPath(conversationId)}/{messageId}", Cancellation);

    public static async Task<ApiHistory> GetHistoryAsync(this HttpClient client, string conversationId)
    {
        using var response = await client.GetAsync(MessagesPath(conversationId), Cancellation);
        return await response.ReadAsync<ApiHistory>(HttpStatusCode.OK);
    }

    public static async Task<ApiInbox> GetInboxAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/chat/conversations", Cancellation);
        return await response.ReadAsync<ApiInbox>(HttpStatusCode.OK);
    }

    public static async Task<ApiConversation> GetConversationAsync(this HttpClient client, string conversationId)
    {
        using var response = await client.GetAsync(ConversationPath(conversationId), Cancellation);
        return await response.ReadAsync<ApiConversation>(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> RequestChangesAsync(this HttpClient client, string conversationId, string? cursor = null, int? wait = null) =>
        client.GetAsync(ChangesPath(conversationId, cursor, wait), Cancellation);

    public static async Task<ApiChanges> GetChangesAsync(this HttpClient client, string conversationId, string? cursor = null, int? wait = null)
    {
        using var response = await client.RequestChangesAsync(conversationId, cursor, wait);
        return await response.ReadAsync<ApiChanges>(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> RequestUserChangesAsync(this HttpClient client, string? cursor = null, int? wait = null) =>
        client.GetAsync(UserChangesPath(cursor, wait), Cancellation);

    public static async Task<ApiUserChanges> GetUserChangesAsync(this HttpClient client, string? cursor = null, int? wait = null)
    {
        using var response = await client.RequestUserChangesAsync(cursor, wait);
        return await response.ReadAsync<ApiUserChanges>(HttpStatusCode.OK);
    }

    /// <summary>Signals typing the way bstchat.js does: an empty JSON object.</summary>
    public static Task<HttpResponseMessage> PostTypingAsync(this HttpClient client, string conversationId) =>
        client.PostAsJsonAsync($"{ConversationPath(conversationId)}/typing", new { }, Cancellation);

    public static Task<HttpResponseMessage> PostReadAsync(this HttpClient client, string conversationId, long seq) =>
        client.PostAsJsonAsync($"{ConversationPath(conversationId)}/read", new { seq }, Cancellation);

    /// <summary>Asserts the status and reads the body.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException("The body was JSON null.");
    }

    /// <summary>Asserts an RFC 7807 refusal: the status, <c>application/problem+json</c>, and the stable <c>code</c>.</summary>
    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }
}
