namespace BstChat.Feed;

/// <summary>
/// Wakes readers waiting on a conversation's change feed. In-process by default; a backplane
/// implementation carries the signal between server instances that share one store.
/// </summary>
/// <remarks>
/// A reader subscribes <em>before</em> it reads the store, so a change made between its read
/// and its wait still wakes it.
/// </remarks>
public interface IChatNotifier
{
    /// <summary>Starts listening for the next change to a conversation.</summary>
    /// <param name="conversationId">The conversation to listen to.</param>
    /// <returns>A subscription, signalled by the first change notified after this call.</returns>
    IChatSubscription Subscribe(string conversationId);

    /// <summary>Tells every current subscriber of a conversation that something changed.</summary>
    /// <param name="conversationId">The conversation that changed.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    ValueTask NotifyAsync(string conversationId, CancellationToken cancellationToken);
}
