using BstChat.Backplane;
using BstChat.Redis.Connection;
using StackExchange.Redis;

namespace BstChat.Redis.Feed;

/// <summary>
/// Change notifications over one Redis channel per site. Publishing never holds up or fails a
/// chat call: it does not wait for Redis, and while Redis is away other instances see the change
/// at their next store re-check. StackExchange.Redis subscribes again after a reconnect, and
/// makes a subscription asked for while Redis is down once it comes up.
/// </summary>
internal sealed class RedisChangeBackplane(RedisBackplaneConnection connection, RedisKeys keys) : IChangeBackplane
{
    public ValueTask PublishAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!connection.IsAvailable)
        {
            return ValueTask.CompletedTask;
        }

        var publish = connection.Multiplexer.GetSubscriber().PublishAsync(keys.Changes, ChangeMessage.Format(connection.InstanceId, conversationId));
        _ = publish.ContinueWith(
            static (task, state) => ((RedisBackplaneConnection)state!).ReportFailure("publishing a change failed", task.Exception?.GetBaseException()),
            connection,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<IAsyncDisposable> SubscribeAsync(Action<string> onChange, CancellationToken cancellationToken)
    {
        var subscription = new Subscription(connection, keys.Changes, onChange);
        try
        {
            await connection.Multiplexer.GetSubscriber().SubscribeAsync(keys.Changes, subscription.OnMessage);
        }
        catch (RedisException exception)
        {
            // The subscription is remembered and made when the connection comes up.
            connection.ReportFailure("subscribing to changes failed", exception);
        }

        return subscription;
    }

    private sealed class Subscription(RedisBackplaneConnection connection, RedisChannel channel, Action<string> onChange) : IAsyncDisposable
    {
        public void OnMessage(RedisChannel from, RedisValue message)
        {
            // This instance woke its own waiters before it published.
            if (ChangeMessage.TryParse(message, out var instanceId, out var conversationId) && instanceId != connection.InstanceId)
            {
                onChange(conversationId);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.Multiplexer.GetSubscriber().UnsubscribeAsync(channel, OnMessage);
            }
            catch (RedisException)
            {
                // Shutting down: the connection goes with the process anyway.
            }
        }
    }
}
