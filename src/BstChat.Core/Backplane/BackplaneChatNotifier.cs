using BstChat.Diagnostics;
using BstChat.Feed;
using Microsoft.Extensions.Logging;

namespace BstChat.Backplane;

/// <summary>
/// The notifier when a change backplane is registered: readers subscribe to this instance's
/// in-process notifier, as without one, and a change wakes them here first and is then
/// published for the other instances (<see cref="ChangeBackplaneListener"/> wakes readers here
/// for theirs).
/// </summary>
internal sealed class BackplaneChatNotifier(
    InProcessChatNotifier local,
    IChangeBackplane backplane,
    ILogger<BackplaneChatNotifier> logger) : IChatNotifier
{
    public IChatSubscription Subscribe(string conversationId) => local.Subscribe(conversationId);

    public async ValueTask NotifyAsync(string conversationId, CancellationToken cancellationToken)
    {
        await local.NotifyAsync(conversationId, cancellationToken);
        try
        {
            await backplane.PublishAsync(conversationId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The contract says a backplane does not throw; one that does must not fail the chat
            // call whose change is already stored. Other instances see it at their re-check.
            ChatLog.BackplaneFailed(logger, "publishing a change", exception);
        }
    }
}
