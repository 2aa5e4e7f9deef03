using BstChat.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// The change-feed protocol: answer at once when something is newer than the cursor; otherwise
/// hold the request until a change is notified, the read it answered from goes stale, the
/// deadline passes or the application stops. It subscribes before every read, so a change made
/// between the read and the wait still wakes it. The caller has checked the conversation id and
/// the wait; membership is checked on every read (<see cref="ChangeReader"/>).
/// </summary>
internal sealed class ChangeFeed(
    ChangeReader reader,
    ConversationHeadCache heads,
    IChatNotifier notifier,
    WaitSlots waitSlots,
    ChatMetrics metrics,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChangeFeed> logger,
    IHostApplicationLifetime? lifetime = null)
{
    /// <inheritdoc cref="IChatService.GetChangesAsync"/>
    public async ValueTask<ChangeSet> GetChangesAsync(string conversationId, string userId, ChatCursor? cursor, TimeSpan wait, CancellationToken cancellationToken)
    {
        ChangeSet answer;
        if (cursor is not { } from || wait == TimeSpan.Zero)
        {
            // Nothing to wait for: no subscription, no waiting slot, one (usually shared) read.
            answer = (await reader.ReadAsync(conversationId, userId, cursor?.Seq, heads.Ticket(), cancellationToken)).Set;
        }
        else
        {
            var maxWait = options.Value.MaxWait;
            var deadline = timeProvider.GetUtcNow() + (wait < maxWait ? wait : maxWait);
            answer = await WaitForChangeAsync(conversationId, userId, from, deadline, cancellationToken);
        }

        metrics.ChangesAnswered();
        return answer;
    }

    private async ValueTask<ChangeSet> WaitForChangeAsync(string conversationId, string userId, ChatCursor from, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        using var waitEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);

        // Subscribe before every read, so a change between the read and the wait still wakes us.
        var subscription = notifier.Subscribe(conversationId);
        IDisposable? slot = null;
        try
        {
            var (answer, validUntil) = await reader.ReadAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken);
            while (answer.Messages.Count == 0 && answer.Cursor == from && timeProvider.GetUtcNow() < deadline)
            {
                // Only a request that really waits takes one of the user's waiting slots.
                slot ??= waitSlots.Acquire(userId);
                try
                {
                    await subscription.WaitAsync(
                        WakeDelay.Of(deadline, validUntil, timeProvider.GetUtcNow(), options.Value.RecheckInterval), waitEnds.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    ChatLog.WaitEndedByShutdown(logger, conversationId);
                    return answer;
                }

                subscription.Dispose();
                subscription = notifier.Subscribe(conversationId);
                (answer, validUntil) = await reader.ReadAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken);
            }

            return answer;
        }
        finally
        {
            subscription.Dispose();
            slot?.Dispose();
        }
    }
}
