namespace BstChat.Backplane.Sample.Tests.Transport;

/// <summary>Typing entries in the remote's table. While the remote is away, writes are dropped and reads answer "away" (null), so BstChat uses the instance's own state.</summary>
public sealed class RemoteTypingBackplane(RemoteConnection connection) : ITypingBackplane
{
    public ValueTask SetAsync(string conversationId, TypingEntry entry, CancellationToken cancellationToken)
    {
        if (connection.Remote.IsReachable)
        {
            connection.Remote.SetTyping(conversationId, entry);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<TypingEntry?> RemoveAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(connection.Remote.IsReachable ? connection.Remote.RemoveTyping(conversationId, userId) : null);

    public ValueTask<IReadOnlyCollection<TypingEntry>?> GetAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(connection.Remote.IsReachable ? connection.Remote.Typing(conversationId) : null);
}
