namespace BstChat.Feed;

/// <summary>How long a held change-feed request waits for a notification before it reads again.</summary>
internal static class WakeDelay
{
    /// <summary>The shortest pause between two reads of a waiting request.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(50);

    /// <summary>Until the deadline, or until the read the request answered from goes stale, and never longer than the re-check.</summary>
    /// <param name="deadline">When the request answers with what there is.</param>
    /// <param name="validUntil">When the read it answered from goes stale: the re-check, or a typing entry's expiry, whose disappearance is a change the reader must see.</param>
    /// <param name="now">The time now.</param>
    /// <param name="recheckInterval">The longest a read may be trusted without a notification.</param>
    public static TimeSpan Of(DateTimeOffset deadline, DateTimeOffset validUntil, DateTimeOffset now, TimeSpan recheckInterval)
    {
        var until = validUntil < deadline ? validUntil : deadline;

        // The typing entry may have expired since it was read (a negative timeout would throw, or
        // at -1 ms wait forever), and a shared typing tracker on another clock may show it a little
        // longer: a short floor keeps either case from spinning.
        var timeout = until - now;
        if (timeout < Minimum)
        {
            timeout = Minimum;
        }

        return timeout > recheckInterval ? recheckInterval : timeout;
    }
}
