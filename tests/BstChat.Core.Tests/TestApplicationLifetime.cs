using Microsoft.Extensions.Hosting;

namespace BstChat.Core.Tests;

/// <summary>An application lifetime whose shutdown a test starts by calling <see cref="StopApplication"/>.</summary>
internal sealed class TestApplicationLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => _stopping.Token;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();
}
