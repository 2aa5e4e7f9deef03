namespace BstChat.Presence;

/// <summary>
/// Who is online, from what the server already sees: a user is online while one of their feed
/// requests is held, or for <see cref="BstChatOptions.PresenceGracePeriod"/> after one was
/// answered. The default keeps this instance's view only; a presence backplane (e.g.
/// <c>AddRedisBackplane</c>) shares it between the instances of a site.
/// </summary>
public interface IPresenceTracker
{
    /// <summary>A feed request of <paramref name="userId"/> starts; end it with <see cref="ReleaseAsync"/>, whatever happens.</summary>
    /// <param name="userId">The user whose request it is.</param>
    /// <param name="cancellationToken">Cancels the call; a cancelled call holds nothing.</param>
    /// <returns>Whether the user came online with it (they were offline or never seen).</returns>
    ValueTask<bool> HoldAsync(string userId, CancellationToken cancellationToken);

    /// <summary>A feed request of <paramref name="userId"/> begun by <see cref="HoldAsync"/> was answered or ended: they stay online for the grace period.</summary>
    /// <param name="userId">The user whose request it was.</param>
    /// <param name="cancellationToken">Cancels the call; callers ending a request pass <see cref="CancellationToken.None"/>.</param>
    ValueTask ReleaseAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Reads the presence of <paramref name="userIds"/> now.</summary>
    /// <param name="userIds">The users, in the order to answer them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each user's presence, and when the first of them changes by itself.</returns>
    ValueTask<PresenceSnapshot> GetPresenceAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken);
}
