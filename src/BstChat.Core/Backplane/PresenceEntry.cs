namespace BstChat.Backplane;

/// <summary>What a presence backplane holds of one user, from every instance of the site.</summary>
/// <param name="LastSeenAt">The latest time one of the user's feed requests started or ended, on any instance.</param>
/// <param name="HeldUntil">
/// While some instance holds a feed request of the user: the latest end of those instances' leases
/// (<see cref="IPresenceBackplane.HoldAsync"/>), which may have passed if an instance vanished
/// without releasing; <see langword="null"/> when no instance holds one.
/// </param>
/// <remarks>Times come from the clocks of the instances that wrote them, so instances agree on them as far as their clocks agree.</remarks>
public sealed record PresenceEntry(DateTimeOffset LastSeenAt, DateTimeOffset? HeldUntil);
