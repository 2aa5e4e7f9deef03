using BstChat.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Backplane;

/// <summary>
/// The presence tracker when a presence backplane is registered: presence shared by every
/// instance through the backplane, each view combined with this instance's own record, which
/// alone answers while the backplane is away (presence is then per instance).
/// </summary>
/// <remarks>
/// Holds recorded in the backplane carry a lease of <see cref="BstChatOptions.MaxWait"/> plus
/// <see cref="BstChatOptions.PresenceGracePeriod"/>: longer than a request is held, so a live
/// instance's holds never lapse, and the bound on how long an instance that vanished keeps its
/// users online.
/// </remarks>
internal sealed class BackplanePresenceTracker(
    InMemoryPresenceTracker local,
    IPresenceBackplane backplane,
    TimeProvider timeProvider,
    IOptions<BstChatOptions> options,
    ILogger<BackplanePresenceTracker> logger) : IPresenceTracker
{
    private TimeSpan Grace => options.Value.PresenceGracePeriod;

    public async ValueTask<bool> HoldAsync(string userId, CancellationToken cancellationToken)
    {
        var here = local.Hold(userId);
        var now = timeProvider.GetUtcNow();
        PresenceEntry? shared;
        try
        {
            shared = await BackplaneCall.TryAsync(
                logger, "recording presence", () => backplane.HoldAsync(userId, now, now + options.Value.MaxWait + Grace, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A cancelled hold holds nothing; one the backplane recorded anyway is released with it.
            await ReleaseAsync(userId, CancellationToken.None);
            throw;
        }

        return !PresenceRule.IsOnline(PresenceRule.Combine(here, shared), now, Grace);
    }

    public async ValueTask ReleaseAsync(string userId, CancellationToken cancellationToken)
    {
        local.Release(userId);
        await BackplaneCall.TryAsync(logger, "recording presence", () => backplane.ReleaseAsync(userId, timeProvider.GetUtcNow(), cancellationToken), cancellationToken);
    }

    public async ValueTask<PresenceSnapshot> GetPresenceAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        var shared = userIds.Count == 0 ? [] : await BackplaneCall.TryAsync(logger, "reading presence", () => backplane.GetAsync(userIds, cancellationToken), cancellationToken);
        return PresenceRule.Snapshot(
            userIds,
            i => PresenceRule.Combine(local.Find(userIds[i]), shared is not null && i < shared.Count ? shared[i] : null),
            timeProvider.GetUtcNow(),
            Grace);
    }
}
