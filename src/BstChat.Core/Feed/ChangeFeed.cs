using BstChat.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// The change-feed protocol: answer at once when something is newer than the cursor; otherwise
/// hold the request in the conversation's <see cref="WaitingRoom"/> until a change is notified or
/// found by the room's re-check, the deadline passes or the application stops. It joins the room
/// before every read, so a change made between the read and the wait still wakes it. The caller has checked the conversation id and
/// the wait; membership is checked on every read (<see cref="ChangeReader"/>).
/// </summary>
internal sealed class ChangeFeed(
    ChangeReader reader,
    ConversationHeadCache heads,
    WaitingRooms rooms,
    WaitSlots waitSlots,
    ChatMetrics metrics,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChangeFeed> logger)
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
        IDisposable? slot = null;
        try
        {
            while (true)
            {
                // Join the room before every read: its subscription is older than the join, so a
                // change between the read and the wait still wakes us.
                using var waiter = rooms.Join(conversationId);
                var (answer, validUntil, version) = await reader.ReadAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken);
                if (answer.Messages.Count > 0 || answer.Cursor != from || timeProvider.GetUtcNow() >= deadline)
                {
                    return answer;
                }

                // Only a request that really waits takes one of the user's waiting slots.
                slot ??= waitSlots.Acquire(userId);
                if (rooms.Stopping.IsCancellationRequested)
                {
                    ChatLog.WaitEndedByShutdown(logger, conversationId);
                    return answer;
                }

                switch (await waiter.WaitAsync(version, validUntil, deadline, timeProvider, cancellationToken))
                {
                    case WaitEnd.Changed:
                        continue;
                    case WaitEnd.Stopping:
                        ChatLog.WaitEndedByShutdown(logger, conversationId);
                        return answer;
                    case WaitEnd.Cancelled:
                        throw new OperationCanceledException(cancellationToken);
                    default:
                        // The wait is over: answer with a read as fresh as the shared read allows, not the one we waited on.
                        return (await reader.ReadAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken)).Set;
                }
            }
        }
        finally
        {
            slot?.Dispose();
        }
    }
}
