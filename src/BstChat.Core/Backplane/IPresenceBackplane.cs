namespace BstChat.Backplane;

/// <summary>
/// Holds who is online for every server instance of one site: per user, when they were last
/// seen and how many of their feed requests each instance holds. A store only: BstChat decides
/// what is shown (<see cref="PresenceEntry"/>) and keeps its own record in this instance's memory
/// too, which answers while the backplane is away. Register one with
/// <c>AddPresenceBackplane&lt;T&gt;()</c>; <c>BstChat.Redis</c> ships one.
/// </summary>
/// <remarks>
/// <para>Each instance's holds carry a lease: an instance that vanishes without releasing stops
/// counting when it runs out, so no user stays online past it.</para>
/// <para>No method throws because the transport is away, nor waits long on it: each answers at
/// once as described, and BstChat falls back to this instance's own view. (An exception is
/// treated the same way, and logged.)</para>
/// </remarks>
public interface IPresenceBackplane
{
    /// <summary>
    /// Counts one more feed request of <paramref name="userId"/> held by this instance, seen at
    /// <paramref name="now"/>. This instance's holds of the user count until
    /// <paramref name="leaseUntil"/> at the latest (a later hold extends it); once it has passed,
    /// they count no more, however many were not released.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="now">The time on this instance's clock.</param>
    /// <param name="leaseUntil">When this instance's holds of the user stop counting unless extended.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// What was recorded of the user before this hold, from every instance; <see langword="null"/>
    /// when never seen or the backplane is away (both leave the decision to this instance's own record).
    /// </returns>
    ValueTask<PresenceEntry?> HoldAsync(string userId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Counts one feed request of <paramref name="userId"/> fewer held by this instance, seen at <paramref name="now"/>.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="now">The time on this instance's clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ReleaseAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reads what is recorded of <paramref name="userIds"/>, in one round trip where the transport allows.</summary>
    /// <param name="userIds">The users.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// One entry per user, in order (<see langword="null"/> for a user never seen); <see langword="null"/>
    /// when the backplane is away, so this instance's own view answers.
    /// </returns>
    ValueTask<IReadOnlyList<PresenceEntry?>?> GetAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken);
}
