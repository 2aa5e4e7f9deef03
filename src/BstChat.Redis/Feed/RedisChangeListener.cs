using BstChat.Feed;
using BstChat.Redis.Connection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace BstChat.Redis.Feed;

/// <summary>
/// This process's one subscription to the changes channel, passing other instances'
/// notifications to local waiters. StackExchange.Redis subscribes again after a reconnect.
/// </summary>
internal sealed class RedisChangeListener(InProcessChatNotifier local, RedisBackplaneConnection connection) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Multiplexer.GetSubscriber().SubscribeAsync(RedisKeys.Changes, OnMessage);
        }
        catch (RedisException exception)
        {
            // The subscription is remembered and made when the connection comes up.
            connection.ReportFailure("subscribing to changes failed", exception);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Multiplexer.GetSubscriber().UnsubscribeAsync(RedisKeys.Changes, OnMessage);
        }
        catch (RedisException)
        {
            // Shutting down: the connection goes with the process anyway.
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        // This instance woke its own waiters when it published.
        if (ChangeMessage.TryParse(message, out var instanceId, out var conversationId) && instanceId != connection.InstanceId)
        {
            // The in-process notifier only fires the waiters' signal and cannot fail: nothing to await.
            _ = local.NotifyAsync(conversationId, CancellationToken.None).AsTask();
        }
    }
}
