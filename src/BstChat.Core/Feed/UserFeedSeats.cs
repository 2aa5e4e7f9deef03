namespace BstChat.Feed;

/// <summary>
/// A held user-feed request's places in the waiting rooms: one waiter in the user's own room
/// (membership changes), awaited, and a seat in each followed conversation's room, joined before
/// that conversation is read. Whatever wakes one of the rooms ends the wait.
/// </summary>
internal sealed class UserFeedSeats(WaitingRooms rooms, string userId) : IDisposable
{
    private readonly List<Seat> _seats = [];

    /// <summary>The waiter the request awaits; joined first, so it is older than the membership read.</summary>
    public Waiter Waiter { get; } = rooms.Join(WaitingRooms.UserKey(userId));

    /// <summary>Takes a seat in a conversation's room; call before reading it.</summary>
    public void Join(string conversationId) => _seats.Add(new Seat(rooms.Join(conversationId, Waiter), null, default));

    /// <summary>The read of the conversation last joined found nothing the reader was not shown: re-check that version.</summary>
    public void Read(HeadVersion version, DateTimeOffset validUntil) => _seats[^1] = _seats[^1] with { Version = version, ValidUntil = validUntil };

    /// <summary>The request waits: each room re-checks the version its conversation was read at.</summary>
    public void ExpectAll()
    {
        foreach (var seat in _seats)
        {
            if (seat.Version is { } version)
            {
                seat.Waiter.Expect(version, seat.ValidUntil);
            }
        }
    }

    public void Dispose()
    {
        foreach (var seat in _seats)
        {
            seat.Waiter.Dispose();
        }

        Waiter.Dispose();
    }

    private readonly record struct Seat(Waiter Waiter, HeadVersion? Version, DateTimeOffset ValidUntil);
}
