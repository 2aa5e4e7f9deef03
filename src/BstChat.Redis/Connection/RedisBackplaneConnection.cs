using BstChat.Redis.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BstChat.Redis.Connection;

/// <summary>
/// The backplane's Redis connection and whether it is usable now. An outage is logged once when
/// it starts and once when it ends, however many calls notice it; StackExchange.Redis reconnects
/// by itself.
/// </summary>
internal sealed class RedisBackplaneConnection : IDisposable
{
    private readonly bool _ownsMultiplexer;
    private readonly ILogger<RedisBackplaneConnection> _logger;
    private int _down;

    public RedisBackplaneConnection(IConnectionMultiplexer multiplexer, bool ownsMultiplexer, ILogger<RedisBackplaneConnection> logger)
    {
        Multiplexer = multiplexer;
        _ownsMultiplexer = ownsMultiplexer;
        _logger = logger;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        if (!multiplexer.IsConnected)
        {
            ReportFailure("not connected at start", exception: null);
        }
    }

    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>Tells this instance's own published notifications apart from other instances'.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Whether calls to Redis are worth making; when not, callers use their local fallback at once.</summary>
    public bool IsAvailable => Multiplexer.IsConnected;

    /// <summary>Runs a Redis call, or answers null at once when Redis is away or the call fails (logged as <paramref name="failure"/>).</summary>
    public async ValueTask<T?> TryAsync<T>(Func<IDatabase, Task<T>> call, string failure, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsAvailable)
        {
            return null;
        }

        try
        {
            return await call(Multiplexer.GetDatabase()).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            ReportFailure(failure, exception);
            return null;
        }
    }

    /// <summary>Records that a call failed, logging only the first failure of an outage.</summary>
    public void ReportFailure(string reason, Exception? exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            RedisBackplaneLog.Unavailable(_logger, reason, exception);
        }
    }

    public void Dispose()
    {
        Multiplexer.ConnectionFailed -= OnConnectionFailed;
        Multiplexer.ConnectionRestored -= OnConnectionRestored;
        if (_ownsMultiplexer)
        {
            Multiplexer.Dispose();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        ReportFailure($"{e.ConnectionType} connection to {e.EndPoint}: {e.FailureType}", e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // The interactive and subscription connections restore separately; the outage ends when both are back.
        if (Multiplexer.IsConnected && Interlocked.Exchange(ref _down, 0) == 1)
        {
            RedisBackplaneLog.Restored(_logger);
        }
    }
}
