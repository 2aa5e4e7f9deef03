namespace BstChat.Backplane;

/// <summary>
/// Carries "this conversation changed" between the server instances of one site, so a change
/// made on one wakes the readers waiting on the others at once. A transport only: each instance
/// keeps its own waiting readers and wakes them itself, and the store stays the one source of
/// truth. Register one with <c>AddChangeBackplane&lt;T&gt;()</c>; <c>BstChat.Redis</c> ships one.
/// </summary>
/// <remarks>
/// <para>Nothing depends on delivery: an instance whose signal is lost still sees the change
/// at its next store re-check (<see cref="BstChatOptions.RecheckInterval"/>). So a backplane
/// never holds up or fails a chat call: while its transport is away, <see cref="PublishAsync"/>
/// answers at once and drops the signal.</para>
/// <para>The specification every backplane passes is <c>ChatBackplaneSpecification</c> in the
/// <c>BstChat.Backplane.Specification</c> package.</para>
/// </remarks>
public interface IChangeBackplane
{
    /// <summary>
    /// Tells the other instances that a conversation changed. This instance's own readers have
    /// been woken already. Answers without waiting for delivery; never throws because the
    /// transport is away.
    /// </summary>
    /// <param name="conversationId">The conversation that changed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask PublishAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts passing the changes other instances publish to <paramref name="onChange"/>, until
    /// the returned handle is disposed. BstChat calls it once, as the host starts. A subscription
    /// made while the transport is away must start delivering when it comes back.
    /// </summary>
    /// <param name="onChange">
    /// Wakes this instance's readers of the conversation named; cheap, never throws, safe to call
    /// from any thread. Changes this instance published need not come back to it (a redundant
    /// call costs its readers one more read).
    /// </param>
    /// <param name="cancellationToken">Cancels subscribing.</param>
    /// <returns>Ends the subscription when disposed, as the host stops.</returns>
    ValueTask<IAsyncDisposable> SubscribeAsync(Action<string> onChange, CancellationToken cancellationToken);
}
