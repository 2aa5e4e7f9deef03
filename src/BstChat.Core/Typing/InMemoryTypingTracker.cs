using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BstChat.Typing;

/// <summary>The default typing tracker: this process's memory, expiring entries by <see cref="TimeProvider"/>.</summary>
internal sealed class InMemoryTypingTracker(TimeProvider timeProvider, IOptions<BstChatOptions> options) : ITypingTracker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Entry>> _byConversation = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>The number of entries held, expired ones not yet swept included.</summary>
    internal int EntryCount => _byConversation.Values.Sum(static users => users.Count);

    public ValueTask SetTypingAsync(string conversationId, TypingUser user, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var users = _byConversation.GetOrAdd(conversationId, static _ => new(StringComparer.Ordinal));
        users[user.UserId] = new Entry(user, now + options.Value.TypingTimeout);
        SweepIfDue(now);
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

    /// <summary>
    /// Reading a conversation removes its expired entries, but a conversation nobody reads here
    /// (every reader on another instance, or Redis answering reads) would keep them for ever:
    /// so at most once per typing timeout, a signal also sweeps every conversation.
    /// </summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        var next = (now + options.Value.TypingTimeout).UtcTicks;
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, next, due) != due)
        {
            return;
        }

        foreach (var (conversationId, users) in _byConversation)
        {
            foreach (var (userId, entry) in users)
            {
                if (entry.ExpiresAt <= now)
                {
                    users.TryRemove(new KeyValuePair<string, Entry>(userId, entry));
                }
            }

            if (users.IsEmpty)
            {
                _byConversation.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, Entry>>(conversationId, users));
            }
        }
    }

    private sealed record Entry(TypingUser User, DateTimeOffset ExpiresAt);
}
