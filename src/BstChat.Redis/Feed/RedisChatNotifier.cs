using BstChat.Feed;
using BstChat.Redis.Connection;
using StackExchange.Redis;

namespace BstChat.Redis.Feed;

/// <summary>
/// Wakes waiting readers on every instance: this instance's at once, through the in-process
/// notifier, and other instances' through one Redis channel (<see cref="RedisChangeListener"/>
/// delivers what arrives). Publishing never holds up or fails a chat call: when Redis is away
/// other instances still see the change at their next store re-check.
/// </summary>
internal sealed class RedisChatNotifier(InProcessChatNotifier local, RedisBackplaneConnection connection) : IChatNotifier
{
    public IChatSubscription Subscribe(string conversationId) => local.Subscribe(conversationId);

    public async ValueTask NotifyAsync(string conversationId, CancellationToken cancellationToken)
    {
        await local.NotifyAsync(conversationId, cancellationToken);
        if (!connection.IsAvailable)
        {
            return;
        }

        var publish = connection.Multiplexer.GetSubscriber()
            .PublishAsync(RedisKeys.Changes, ChangeMessage.Format(connection.InstanceId, conversationId));
        _ = publish.ContinueWith(
            static (task, state) => ((RedisBackplaneConnection)state!).ReportFailure("publishing a change failed", task.Exception?.GetBaseException()),
            connection,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
