using BstChat.Diagnostics;
using BstChat.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// The user feed's protocol, as <see cref="ChangeFeed"/>'s for one conversation: answer at once when
/// anything is new to the cursor; otherwise hold the request, with a seat in the room of every
/// conversation it follows and a waiter in the user's own room, until one of them is woken, the
/// presence shown changes by itself, the deadline passes or the application stops. It joins every
/// room before the read it guards. Each request counts towards the user's presence.
/// </summary>
internal sealed class UserFeed(
    UserFeedReader reader,
    WaitingRooms rooms,
    WaitSlots waitSlots,
    IPresenceTracker presence,
    IChatNotifier notifier,
    ChatMetrics metrics,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<UserFeed> logger)
{
    /// <inheritdoc cref="IChatService.GetUserChangesAsync"/>
    public async ValueTask<UserChangeSet> GetChangesAsync(string userId, UserCursor? cursor, TimeSpan wait, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var cameOnline = o.Presence && await presence.HoldAsync(userId, cancellationToken);
        IDisposable? slot = null;
        try
        {
            if (cursor is null || wait == TimeSpan.Zero)
            {
                var once = await reader.ReadAsync(userId, cursor, seats: null, cancellationToken);
                await AnnounceAsync(cameOnline, once.Contacts, cancellationToken);
                return Answered(once.Set);
            }

            var deadline = timeProvider.GetUtcNow() + (wait < o.MaxWait ? wait : o.MaxWait);
            while (true)
            {
                using var seats = new UserFeedSeats(rooms, userId);
                var read = await reader.ReadAsync(userId, cursor, seats, cancellationToken);
                await AnnounceAsync(cameOnline, read.Contacts, cancellationToken);
                cameOnline = false;

                var now = timeProvider.GetUtcNow();
                if (read.Changed || now >= deadline)
                {
                    return Answered(read.Set);
                }

                slot ??= waitSlots.Acquire(userId);
                var wakeAt = read.PresenceChangesAt < deadline ? read.PresenceChangesAt : deadline;
                // Keep nothing of the answer while waiting.
                read = null;
                seats.ExpectAll();
                var end = rooms.Stopping.IsCancellationRequested
                    ? WaitEnd.Stopping
                    : await seats.Waiter.WaitAsync(null, DateTimeOffset.MaxValue, wakeAt, timeProvider, cancellationToken);
                switch (end)
                {
                    case WaitEnd.Changed:
                        continue;
                    case WaitEnd.Deadline when timeProvider.GetUtcNow() < deadline:
                        // Someone's presence ran out before our deadline: read again.
                        continue;
                    case WaitEnd.Cancelled:
                        throw new OperationCanceledException(cancellationToken);
                    case WaitEnd.Stopping:
                        ChatLog.UserWaitEndedByShutdown(logger, userId);
                        break;
                }

                return Answered((await reader.ReadAsync(userId, cursor, seats: null, cancellationToken)).Set);
            }
        }
        finally
        {
            slot?.Dispose();
            if (o.Presence)
            {
                await presence.ReleaseAsync(userId, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A user who comes online changes what the other members of their conversations are shown:
    /// their user feeds are woken (through the user keys, which no shared read of a conversation
    /// listens to, so no conversation is read again for it).
    /// </summary>
    private async ValueTask AnnounceAsync(bool cameOnline, IReadOnlyCollection<string> contacts, CancellationToken cancellationToken)
    {
        if (!cameOnline)
        {
            return;
        }

        foreach (var contact in contacts)
        {
            await notifier.NotifyAsync(WaitingRooms.UserKey(contact), cancellationToken);
        }
    }

    private UserChangeSet Answered(UserChangeSet answer)
    {
        metrics.ChangesAnswered();
        return answer;
    }
}
