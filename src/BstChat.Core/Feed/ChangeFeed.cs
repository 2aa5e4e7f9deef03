using BstChat.Diagnostics;
using BstChat.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// The change-feed protocol: answer at once when something is newer than the cursor; otherwise
/// hold the request in the conversation's <see cref="WaitingRoom"/> until a change is notified or
/// found by the room's re-check, the deadline passes or the application stops. It joins the room
/// before every read, so a change made between the read and the wait still wakes it. The caller
/// has checked the conversation id and the wait; membership is checked on every read
/// (<see cref="ChangeReader"/>). Each request counts towards the user's presence, as the user feed's do.
/// </summary>
internal sealed class ChangeFeed(
    ChangeReader reader,
    ConversationHeadCache heads,
    WaitingRooms rooms,
    WaitSlots waitSlots,
    IPresenceTracker presence,
    ChatMetrics metrics,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChangeFeed> logger)
{
    /// <inheritdoc cref="IChatService.GetChangesAsync"/>
    public ValueTask<ChangeSet> GetChangesAsync(string conversationId, string userId, ChatCursor? cursor, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (cursor is not { } from || wait == TimeSpan.Zero)
        {
            return ReadOnceAsync(conversationId, userId, cursor, cancellationToken);
        }

        var maxWait = options.Value.MaxWait;
        var deadline = timeProvider.GetUtcNow() + (wait < maxWait ? wait : maxWait);
        return WaitForChangeAsync(conversationId, userId, from, deadline, cancellationToken);
    }

    /// <summary>Nothing to wait for: no room, no waiting slot, one (usually shared) read.</summary>
    private async ValueTask<ChangeSet> ReadOnceAsync(string conversationId, string userId, ChatCursor? cursor, CancellationToken cancellationToken)
    {
        await HoldAsync(userId, cancellationToken);
        try
        {
            var answer = (await reader.ReadAsync(conversationId, userId, cursor?.Seq, heads.Ticket(), cancellationToken)).Set;
            metrics.ChangesAnswered();
            return answer;
        }
        finally
        {
            await ReleaseAsync(userId);
        }
    }

    private async ValueTask<ChangeSet> WaitForChangeAsync(string conversationId, string userId, ChatCursor from, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        IDisposable? slot = null;
        await HoldAsync(userId, cancellationToken);
        try
        {
            while (true)
            {
                // Join the room before every read: its subscription is older than the join, so a
                // change between the read and the wait still wakes us.
                using var waiter = rooms.Join(conversationId);
                var read = await reader.ReadAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken);
                if (read.Set.Messages.Count > 0 || read.Set.Cursor != from || timeProvider.GetUtcNow() >= deadline)
                {
                    return Answered(read.Set);
                }

                // Only a request that really waits takes one of the user's waiting slots.
                slot ??= waitSlots.Acquire(userId);
                var (validUntil, version) = (read.ValidUntil, read.Version);
                // Keep nothing of the answer while waiting: the head it came from would stay alive for the whole wait.
                read = default;
                var end = rooms.Stopping.IsCancellationRequested
                    ? WaitEnd.Stopping
                    : await waiter.WaitAsync(version, validUntil, deadline, timeProvider, cancellationToken);
                switch (end)
                {
                    case WaitEnd.Changed:
                        continue;
                    case WaitEnd.Cancelled:
                        throw new OperationCanceledException(cancellationToken);
                    case WaitEnd.Stopping:
                        ChatLog.WaitEndedByShutdown(logger, conversationId);
                        break;
                }

                // The wait is over (or the application stops): answer with what there is, from the shared read.
                return Answered((await reader.ReadAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken)).Set);
            }
        }
        finally
        {
            slot?.Dispose();
            await ReleaseAsync(userId);
        }
    }

    /// <summary>
    /// Counts the request towards the user's presence. Coming online here wakes nobody: the user
    /// feeds that show it see it at their next answer (a client on the user feed announces itself).
    /// </summary>
    private async ValueTask HoldAsync(string userId, CancellationToken cancellationToken)
    {
        if (options.Value.Presence)
        {
            await presence.HoldAsync(userId, cancellationToken);
        }
    }

    private async ValueTask ReleaseAsync(string userId)
    {
        if (options.Value.Presence)
        {
            await presence.ReleaseAsync(userId, CancellationToken.None);
        }
    }

    private ChangeSet Answered(ChangeSet answer)
    {
        metrics.ChangesAnswered();
        return answer;
    }
}
