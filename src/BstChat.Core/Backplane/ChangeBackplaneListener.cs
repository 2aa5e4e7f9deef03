using BstChat.Feed;
using Microsoft.Extensions.Hosting;

namespace BstChat.Backplane;

/// <summary>
/// Subscribes to the change backplane while the host runs, waking this instance's readers of
/// each conversation another instance changed.
/// </summary>
internal sealed class ChangeBackplaneListener(InProcessChatNotifier local, IChangeBackplane backplane) : IHostedService
{
    private IAsyncDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _subscription = await backplane.SubscribeAsync(OnChange, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync();
        }
    }

    // The in-process notifier only fires its waiters' signal and cannot fail: nothing to await.
    private void OnChange(string conversationId) => _ = local.NotifyAsync(conversationId, CancellationToken.None).AsTask();
}
