using BstChat.Typing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Backplane;

/// <summary>
/// The typing tracker when a typing backplane is registered: typing state shared by every
/// instance through the backplane. Every change is also kept in this instance's memory, which
/// answers while the backplane is away: typing then shows only to readers on the instance where
/// it was signalled.
/// </summary>
internal sealed class BackplaneTypingTracker(
    InMemoryTypingTracker local,
    ITypingBackplane backplane,
    TimeProvider timeProvider,
    IOptions<BstChatOptions> options,
    ILogger<BackplaneTypingTracker> logger) : ITypingTracker
{
    public async ValueTask SetTypingAsync(string conversationId, TypingUser user, CancellationToken cancellationToken)
    {
        await local.SetTypingAsync(conversationId, user, cancellationToken);
        var entry = new TypingEntry(user, timeProvider.GetUtcNow() + options.Value.TypingTimeout);
        await TryAsync(
            async () =>
            {
                await backplane.SetAsync(conversationId, entry, cancellationToken);
                return entry;
            },
            "recording typing",
            cancellationToken);
    }

    public async ValueTask<bool> ClearAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var wasTypingHere = await local.ClearAsync(conversationId, userId, cancellationToken);
        var removed = await TryAsync(() => backplane.RemoveAsync(conversationId, userId, cancellationToken), "clearing typing", cancellationToken);
        return wasTypingHere || removed?.ExpiresAt > timeProvider.GetUtcNow();
    }

    public async ValueTask<TypingSnapshot> GetTypingAsync(string conversationId, CancellationToken cancellationToken)
    {
        var shared = await TryAsync(() => backplane.GetAsync(conversationId, cancellationToken), "reading typing", cancellationToken);
        return shared is null
            ? await local.GetTypingAsync(conversationId, cancellationToken)
            : TypingSnapshot.Of(shared, timeProvider.GetUtcNow());
    }

    private ValueTask<T?> TryAsync<T>(Func<ValueTask<T?>> call, string what, CancellationToken cancellationToken)
        where T : class => BackplaneCall.TryAsync(logger, what, call, cancellationToken);
}
