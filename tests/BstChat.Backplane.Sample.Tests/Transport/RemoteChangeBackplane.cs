namespace BstChat.Backplane.Sample.Tests.Transport;

/// <summary>Change signals over the remote's bus. While the remote is away a signal is dropped: other instances see the change at their store re-check.</summary>
public sealed class RemoteChangeBackplane(RemoteConnection connection) : IChangeBackplane
{
    public ValueTask PublishAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (connection.Remote.IsReachable)
        {
            connection.Remote.Publish(connection.InstanceId, conversationId);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<string> onChange, CancellationToken cancellationToken) =>
        ValueTask.FromResult(connection.Remote.Subscribe(connection.InstanceId, onChange));
}
