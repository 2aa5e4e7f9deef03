namespace BstChat.Storage.Mongo.Claims;

/// <summary>
/// One writer's wait on another's claim: how long it has seen the same claim (on this process's
/// clock, like a reader's gap ages), and a short backoff between looks. One per call.
/// </summary>
internal sealed class ClaimWait(TimeProvider timeProvider)
{
    /// <summary>The first pause; a holder needs a few round trips to finish.</summary>
    public static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);

    /// <summary>The longest pause, so a waiter notices a finished holder soon.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(50);

    private string? _claim;
    private long _seenSince;
    private TimeSpan _pause = FirstPause;

    /// <summary>How long the claim identified by <paramref name="claim"/> has been seen; a different claim starts afresh.</summary>
    public TimeSpan HeldFor(string claim)
    {
        if (!string.Equals(claim, _claim, StringComparison.Ordinal))
        {
            _claim = claim;
            _seenSince = timeProvider.GetTimestamp();
            _pause = FirstPause;
        }

        return timeProvider.GetElapsedTime(_seenSince);
    }

    public Task PauseAsync(CancellationToken cancellationToken)
    {
        var pause = _pause;
        _pause = TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, MaxPause.Ticks));
        return Task.Delay(pause, timeProvider, cancellationToken);
    }

    /// <summary>Identifies a message's claim: its holder and how far it got.</summary>
    public static string Key(Documents.ChangeClaim? claim) => claim is null ? "" : $"{claim.Owner}/{claim.Seq}";
}
