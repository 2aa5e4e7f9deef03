using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BstChat.Typing;

/// <summary>The default typing tracker: this process's memory, expiring entries by <see cref="TimeProvider"/>.</summary>
internal sealed class InMemoryTypingTracker(TimeProvider timeProvider, IOptions<BstChatOptions> options) : ITypingTracker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Entry>> _byConversation = new(StringComparer.Ordinal);

    /// <summary>The number of entries held, expired ones not yet swept included.</summary>
    internal int EntryCount => _byConversation.Values.Sum(static users => users.Count);

    public ValueTask SetTypingAsync(string conversationId, TypingUser user, CancellationToken cancellationToken)
    {
        var expiresAt = timeProvider.GetUtcNow() + options.Value.TypingTimeout;
        var users = _byConversation.GetOrAdd(conversationId, static _ => new(StringComparer.Ordinal));
        users[user.UserId] = new Entry(user, expiresAt);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ClearAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var wasTyping = _byConversation.TryGetValue(conversationId, out var users)
            && users.TryRemove(userId, out var entry)
            && entry.ExpiresAt > now;
        return ValueTask.FromResult(wasTyping);
    }

    public ValueTask<TypingSnapshot> GetTypingAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!_byConversation.TryGetValue(conversationId, out var users))
        {
            return ValueTask.FromResult(TypingSnapshot.Empty);
        }

        var now = timeProvider.GetUtcNow();
        List<TypingUser>? typing = null;
        DateTimeOffset? nextExpiry = null;
        foreach (var (userId, entry) in users)
        {
            if (entry.ExpiresAt <= now)
            {
                // Remove only the entry we saw, not one renewed since.
                users.TryRemove(new KeyValuePair<string, Entry>(userId, entry));
                continue;
            }

            (typing ??= []).Add(entry.User);
            nextExpiry = nextExpiry is { } next && next < entry.ExpiresAt ? next : entry.ExpiresAt;
        }

        if (typing is null)
        {
            // A typing signal racing this removal can be lost; typing state may be missing, never wrong.
            if (users.IsEmpty)
            {
                _byConversation.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, Entry>>(conversationId, users));
            }

            return ValueTask.FromResult(TypingSnapshot.Empty);
        }

        typing.Sort(static (a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        return ValueTask.FromResult(new TypingSnapshot(typing, nextExpiry));
    }

    private sealed record Entry(TypingUser User, DateTimeOffset ExpiresAt);
}
