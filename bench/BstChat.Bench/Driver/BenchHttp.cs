using System.Globalization;
using System.Net.Http.Json;
using BstChat.Bench.Server;

namespace BstChat.Bench.Driver;

/// <summary>
/// One HTTP client for every simulated user: connections are pooled without limit, so thousands
/// of long-polls can be held at once; the user goes in the <c>X-Bench-User</c> header.
/// </summary>
internal sealed class BenchHttp : IDisposable
{
    /// <param name="baseAddress">The server.</param>
    /// <param name="connect">How to open a connection, e.g. from several source addresses (<see cref="LoopbackSources"/>); the default otherwise.</param>
    public BenchHttp(Uri baseAddress, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            ConnectCallback = connect,
        };
        Client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(90) };
    }

    public HttpClient Client { get; }

    /// <summary>Reads the change feed; <paramref name="waitSeconds"/> zero is a plain poll.</summary>
    public Task<ChangesDto> GetChangesAsync(string conversation, string user, string? cursor, int waitSeconds, CancellationToken cancellationToken) =>
        GetFeedAsync($"chat/conversations/{conversation}/changes", user, cursor, waitSeconds, cancellationToken);

    /// <summary>Reads the user's feed across their conversations (<c>GET /chat/changes</c>); its messages and cursor read as a conversation feed's.</summary>
    public Task<ChangesDto> GetUserChangesAsync(string user, string? cursor, int waitSeconds, CancellationToken cancellationToken) =>
        GetFeedAsync("chat/changes", user, cursor, waitSeconds, cancellationToken);

    private async Task<ChangesDto> GetFeedAsync(string path, string user, string? cursor, int waitSeconds, CancellationToken cancellationToken)
    {
        var uri = cursor is null
            ? path
            : $"{path}?cursor={Uri.EscapeDataString(cursor)}&wait={waitSeconds.ToString(CultureInfo.InvariantCulture)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add(BenchUserAuthentication.Header, user);
        using var response = await Client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BenchJson.Default.ChangesDto, cancellationToken)
            ?? throw new InvalidOperationException("Empty change-feed answer.");
    }

    /// <summary>Sends a message; true when the server acknowledged it as stored.</summary>
    public async Task<bool> SendAsync(string conversation, string user, string text, CancellationToken cancellationToken, string? clientMessageId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"chat/conversations/{conversation}/messages")
        {
            Content = JsonContent.Create(new SendDto(text, clientMessageId), BenchJson.Default.SendDto),
        };
        request.Headers.Add(BenchUserAuthentication.Header, user);
        using var response = await Client.SendAsync(request, cancellationToken);
        return response.StatusCode == System.Net.HttpStatusCode.Created;
    }

    public void Dispose() => Client.Dispose();
}
