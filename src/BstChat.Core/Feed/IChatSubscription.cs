namespace BstChat.Feed;

/// <summary>One reader's interest in the next change to a conversation.</summary>
public interface IChatSubscription : IDisposable
{
    /// <summary>Whether a change has been notified since this subscription was taken.</summary>
    /// <remarks>Read without waiting; a cached read of the conversation stays valid while its subscription is not signalled.</remarks>
    bool IsSignalled { get; }

    /// <summary>Waits until a change is notified, the timeout passes, or the token is cancelled.</summary>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Ends the wait by throwing <see cref="OperationCanceledException"/>.</param>
    /// <returns><see langword="true"/> when a change was notified; <see langword="false"/> on timeout.</returns>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
