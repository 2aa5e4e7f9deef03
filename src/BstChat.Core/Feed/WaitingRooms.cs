using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// Every <see cref="WaitingRoom"/> of this process: one per conversation with requests held
/// waiting, none for the others. Shutdown wakes them all at once.
/// </summary>
internal sealed class WaitingRooms
{
    private readonly ConcurrentDictionary<string, WaitingRoom> _rooms = new(StringComparer.Ordinal);
    private readonly IChatNotifier _notifier;
    private readonly ConversationHeadCache _heads;
    private readonly IOptions<BstChatOptions> _options;

    public WaitingRooms(IChatNotifier notifier, ConversationHeadCache heads, IOptions<BstChatOptions> options, TimeProvider timeProvider, IHostApplicationLifetime? lifetime = null)
    {
        _notifier = notifier;
        _heads = heads;
        _options = options;
        TimeProvider = timeProvider;
        Stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        Stopping.UnsafeRegister(static r => ((WaitingRooms)r!).WakeAll(WaitEnd.Stopping), this);
    }

    /// <summary>The application stopping: held requests answer at once.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>The conversations with a room now.</summary>
    internal int Count => _rooms.Count;

    internal TimeProvider TimeProvider { get; }

    internal TimeSpan MaxWait => _options.Value.MaxWait;

    /// <summary>Joins the conversation's room, creating it (and its subscription) if there is none; call before reading.</summary>
    /// <param name="conversationId">The conversation, or a user's own key (<see cref="UserKey"/>).</param>
    /// <param name="seatOf">For a seat: the waiter it wakes.</param>
    public Waiter Join(string conversationId, Waiter? seatOf = null)
    {
        while (true)
        {
            if (!_rooms.TryGetValue(conversationId, out var room))
            {
                var created = new WaitingRoom(this, conversationId, _notifier.Subscribe(conversationId));
                // Joined before it is shared, so it cannot close empty before we are in.
                var waiter = created.TryJoin(seatOf)!;
                if (_rooms.TryAdd(conversationId, created))
                {
                    created.Open();
                    return waiter;
                }

                waiter.Dispose();
                continue;
            }

            if (room.TryJoin(seatOf) is { } joined)
            {
                return joined;
            }

            // Woken or emptied just now, and on its way out of the map: help it out, then take a new one.
            Remove(room);
        }
    }

    /// <summary>
    /// The notifier key of a user's own changes (added to or removed from a conversation): no
    /// conversation id contains <c>@</c>, so it can share the notifier and the backplane.
    /// </summary>
    public static string UserKey(string userId) => "@" + userId;

    /// <summary>Reads the head for a room's re-check, through the shared read.</summary>
    internal async ValueTask<ConversationHead?> ReadHeadAsync(string conversationId) =>
        (await _heads.GetAsync(conversationId, _heads.Ticket(), onlyLater: false, CancellationToken.None)).Head;

    internal void Remove(WaitingRoom room) => _rooms.TryRemove(new KeyValuePair<string, WaitingRoom>(room.ConversationId, room));

    private void WakeAll(WaitEnd reason)
    {
        foreach (var room in _rooms.Values)
        {
            room.Wake(reason);
        }
    }
}
