using BstChat.Bench.Server;

namespace BstChat.Bench.Driver;

/// <summary>
/// The idle baseline: N clients, each holding one request to <c>GET /bench/hold</c> open for 25 s
/// and then asking again, so the server holds what Kestrel itself costs per waiting request. Each
/// client is its own user, signed in as the change-feed clients are (<c>X-Bench-User</c>), so the
/// baseline includes the host's authentication and authorization of a held request.
/// </summary>
internal sealed class BareHoldClients(BenchHttp http) : IAsyncDisposable
{
    private const int HoldSeconds = 25;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _errors;

    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Starts the clients, connecting 100 at a time as the change-feed listeners do.</summary>
    public async Task StartAsync(int clients, CancellationToken cancellationToken)
    {
        for (var i = 0; i < clients; i++)
        {
            _loops.Add(HoldAsync($"hold-{i}", _stop.Token));
            if (i % 100 == 99)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task HoldAsync(string user, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"bench/hold?seconds={HoldSeconds}");
                request.Headers.Add(BenchUserAuthentication.Header, user);
                using var response = await http.Client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _errors);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }
}
