using System.Collections.Concurrent;
using BstChat.Backplane;
using Microsoft.Extensions.Options;

namespace BstChat.Typing;

/// <summary>The default typing tracker: this process's memory, expiring entries by <see cref="TimeProvider"/>.</summary>
internal sealed class InMemoryTypingTracker(TimeProvider timeProvider, IOptions<BstChatOptions> options) : ITypingTracker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TypingEntry>> _byConversation = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>The number of entries held, expired ones not yet swept included.</summary>
    internal int EntryCount => _byConversation.Values.Sum(static users => users.Count);

    public ValueTask SetTypingAsync(string conversationId, TypingUser user, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var users = _byConversation.GetOrAdd(conversationId, static _ => new(StringComparer.Ordinal));
        users[user.UserId] = new TypingEntry(user, now + options.Value.TypingTimeout);
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
        RemoveExpired(users, now);
        var snapshot = TypingSnapshot.Of(users.Values, now);

        // A typing signal racing this removal can be lost; typing state may be missing, never wrong.
        if (snapshot.Users.Count == 0 && users.IsEmpty)
        {
            _byConversation.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, TypingEntry>>(conversationId, users));
        }

        return ValueTask.FromResult(snapshot);
    }

    /// <summary>
    /// Reading a conversation removes its expired entries, but a conversation nobody reads here
    /// (every reader on another instance, or a typing backplane answering reads) would keep them for ever:
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
            RemoveExpired(users, now);
            if (users.IsEmpty)
            {
                _byConversation.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, TypingEntry>>(conversationId, users));
            }
        }
    }

    private static void RemoveExpired(ConcurrentDictionary<string, TypingEntry> users, DateTimeOffset now)
    {
        foreach (var (userId, entry) in users)
        {
            if (entry.ExpiresAt <= now)
            {
                // Remove only the entry we saw, not one renewed since.
                users.TryRemove(new KeyValuePair<string, TypingEntry>(userId, entry));
            }
        }
    }
}
