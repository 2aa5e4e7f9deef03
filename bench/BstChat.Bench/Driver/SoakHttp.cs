using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using BstChat.Bench.Server;

namespace BstChat.Bench.Driver;

/// <summary>The rest of the chat API a soak client uses, over the shared <see cref="BenchHttp"/>; false or null when the server refused.</summary>
internal static class SoakHttp
{
    public static async Task<SoakChangesDto?> ChangesAsync(this BenchHttp http, string conversation, string user, string? cursor, int waitSeconds, CancellationToken cancellationToken)
    {
        var uri = cursor is null
            ? $"chat/conversations/{conversation}/changes"
            : $"chat/conversations/{conversation}/changes?cursor={Uri.EscapeDataString(cursor)}&wait={waitSeconds.ToString(CultureInfo.InvariantCulture)}";
        using var response = await SendAsync(http, HttpMethod.Get, uri, user, content: null, cancellationToken);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync(SoakJson.Default.SoakChangesDto, cancellationToken)
            : null;
    }

    /// <summary>Sends a message; its id when stored.</summary>
    public static async Task<string?> SendForIdAsync(this BenchHttp http, string conversation, string user, string text, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, HttpMethod.Post, $"chat/conversations/{conversation}/messages", user, Text(text), cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync(SoakJson.Default.SoakMessageDto, cancellationToken))?.Id
            : null;
    }

    public static Task<bool> EditAsync(this BenchHttp http, string conversation, string messageId, string user, string text, CancellationToken cancellationToken) =>
        SucceedsAsync(http, HttpMethod.Patch, $"chat/conversations/{conversation}/messages/{messageId}", user, Text(text), cancellationToken);

    public static Task<bool> DeleteAsync(this BenchHttp http, string conversation, string messageId, string user, CancellationToken cancellationToken) =>
        SucceedsAsync(http, HttpMethod.Delete, $"chat/conversations/{conversation}/messages/{messageId}", user, content: null, cancellationToken);

    public static Task<bool> TypingAsync(this BenchHttp http, string conversation, string user, CancellationToken cancellationToken) =>
        SucceedsAsync(http, HttpMethod.Post, $"chat/conversations/{conversation}/typing", user, new StringContent("{}", Encoding.UTF8, "application/json"), cancellationToken);

    public static Task<bool> MarkReadAsync(this BenchHttp http, string conversation, string user, long seq, CancellationToken cancellationToken) =>
        SucceedsAsync(http, HttpMethod.Post, $"chat/conversations/{conversation}/read", user,
            JsonContent.Create(new ReadDto(seq), SoakJson.Default.ReadDto), cancellationToken);

    public static Task<bool> HistoryAsync(this BenchHttp http, string conversation, string user, CancellationToken cancellationToken) =>
        SucceedsAsync(http, HttpMethod.Get, $"chat/conversations/{conversation}/messages?limit=50", user, content: null, cancellationToken);

    public static Task<bool> InboxAsync(this BenchHttp http, string user, CancellationToken cancellationToken) =>
        SucceedsAsync(http, HttpMethod.Get, "chat/conversations", user, content: null, cancellationToken);

    private static JsonContent Text(string text) => JsonContent.Create(new SendDto(text), BenchJson.Default.SendDto);

    private static async Task<bool> SucceedsAsync(BenchHttp http, HttpMethod method, string uri, string user, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, method, uri, user, content, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    private static async Task<HttpResponseMessage> SendAsync(BenchHttp http, HttpMethod method, string uri, string user, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Add(BenchUserAuthentication.Header, user);
        return await http.Client.SendAsync(request, cancellationToken);
    }
}
