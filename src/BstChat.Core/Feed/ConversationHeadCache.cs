using System.Collections.Concurrent;
using BstChat.Storage;
using BstChat.Typing;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// Shares one read of a conversation's head (row, members, typing) and of its changes after a
/// given sequence number among every change-feed reader of this process, for as long as no change
/// has been notified since the read began and the re-check interval has not passed.
/// </summary>
/// <remarks>
/// <para>Each cached read holds its own notifier subscription, taken <em>before</em> the read
/// starts: subscribe-before-read applied to the cache itself. A change the read may have missed is
/// notified after it commits, so it signals that subscription. A reader that subscribed, then finds
/// the subscription unsignalled, is therefore safe to use the read: any change not in it is
/// notified later, after the reader's own subscription, and wakes it.</para>
/// <para>A read that began after the reader subscribed is as good as the reader's own, whatever
/// was notified since; a reader only starts a read of its own when neither holds.</para>
/// <para>A read is shared for at most <see cref="BstChatOptions.RecheckInterval"/> (and never past
/// a typing entry's expiry), so a change made by an instance without a backplane, which notifies
/// nobody here, is still seen within the re-check interval. See docs/design-notes.md.</para>
/// <para>Reads run on the store of the request that starts them and are not cancelled by it, so a
/// request that leaves never takes a shared read down with it.</para>
/// </remarks>
internal sealed class ConversationHeadCache(IChatNotifier notifier, IOptions<BstChatOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;
    private long _lastSweepTicks;

    /// <summary>
    /// A point in this cache's order of events. A reader takes one right after it subscribes (or on
    /// arrival, when it does not wait); a read that began after it counts as the reader's own.
    /// </summary>
    public long Ticket() => Interlocked.Increment(ref _clock);

    /// <summary>The conversation's head as of a read valid for a reader holding <paramref name="ticket"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="ticket">The reader's ticket, taken after it subscribed.</param>
    /// <param name="onlyLater">Accept only a read that began after <paramref name="ticket"/>, as if the reader read the store itself.</param>
    /// <param name="store">The reader's store, asked for only when this reader has to start the read.</param>
    /// <param name="typingTracker">The typing tracker.</param>
    /// <param name="cancellationToken">Ends this reader's wait for the read (never the read itself).</param>
    /// <returns>The read: its head is <see langword="null"/> when there is no such conversation.</returns>
    public async ValueTask<CachedRead> GetAsync(
        string conversationId, long ticket, bool onlyLater, Func<IMessageStore> store, ITypingTracker typingTracker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            if (_entries.TryGetValue(conversationId, out var entry) && entry.IsFresh(now) && (!onlyLater || entry.StartTicket > ticket))
            {
                var shared = await entry.Head.WaitAsync(cancellationToken);
                if (ticket < entry.StartTicket || !entry.Subscription.IsSignalled)
                {
                    return new CachedRead(shared, entry);
                }

                // Notified while the read ran, and the read began before this reader listened: read again.
                continue;
            }

            var fresh = new Entry(notifier.Subscribe(conversationId), Ticket());
            var won = entry is null ? _entries.TryAdd(conversationId, fresh) : _entries.TryUpdate(conversationId, fresh, entry);
            if (!won)
            {
                fresh.Dispose();
                continue;
            }

            entry?.Dispose();
            SweepIfDue(now);
            return await ReadHeadAsync(conversationId, fresh, now, store, typingTracker);
        }
    }

    /// <summary>The changes after <paramref name="afterSeq"/>, read once per cached read and shared by every reader of it.</summary>
    public async ValueTask<IReadOnlyList<Message>> GetChangesAsync(
        CachedRead read, long afterSeq, IMessageStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var conversationId = read.Head?.Conversation.Id ?? throw new ArgumentException("The read found no conversation.", nameof(read));
        var entry = read.Entry;
        TaskCompletionSource<IReadOnlyList<Message>>? mine = null;
        Task<IReadOnlyList<Message>>? running;
        lock (entry)
        {
            if (!entry.Changes.TryGetValue(afterSeq, out running))
            {
                mine = new TaskCompletionSource<IReadOnlyList<Message>>(TaskCreationOptions.RunContinuationsAsynchronously);
                entry.Changes.Add(afterSeq, mine.Task);
            }
        }

        if (mine is null)
        {
            return await running!.WaitAsync(cancellationToken);
        }

        try
        {
            var changes = await store.GetChangesAsync(conversationId, afterSeq, options.Value.MaxPageSize, CancellationToken.None);
            mine.SetResult(changes);
            return changes;
        }
        catch (Exception exception)
        {
            lock (entry)
            {
                entry.Changes.Remove(afterSeq);
            }

            mine.SetException(exception);
            throw;
        }
    }

    private async ValueTask<CachedRead> ReadHeadAsync(
        string conversationId, Entry entry, DateTimeOffset startedAt, Func<IMessageStore> storeOnDemand, ITypingTracker typingTracker)
    {
        ConversationHead? head = null;
        try
        {
            var store = storeOnDemand();
            // Not cancelled by this request: other readers may be waiting on the same read.
            var conversation = await store.FindConversationAsync(conversationId, CancellationToken.None);
            if (conversation is not null)
            {
                var members = await store.GetMembersAsync(conversationId, CancellationToken.None);
                var typing = await typingTracker.GetTypingAsync(conversationId, CancellationToken.None);
                var validUntil = startedAt + options.Value.RecheckInterval;
                head = new ConversationHead(conversation, members, typing,
                    typing.NextExpiry is { } expiry && expiry < validUntil ? expiry : validUntil);
            }
        }
        catch (Exception exception)
        {
            Retire(conversationId, entry);
            entry.Fail(exception);
            throw;
        }

        if (head is null)
        {
            // Nothing notifies the creation of a conversation: never keep its absence.
            Retire(conversationId, entry);
            entry.Complete(null);
            return new CachedRead(null, entry);
        }

        entry.Complete(head);
        return new CachedRead(head, entry);
    }

    private void Retire(string conversationId, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(conversationId, entry)))
        {
            entry.Dispose();
        }
    }

    /// <summary>Drops stale reads of conversations nobody reads any more, at most once per re-check interval.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < options.Value.RecheckInterval.Ticks
            || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (conversationId, entry) in _entries)
        {
            if (entry.Head.IsCompleted && !entry.IsFresh(now))
            {
                Retire(conversationId, entry);
            }
        }
    }

    /// <summary>A head as one shared read saw it (<see langword="null"/>: no such conversation), and the read itself.</summary>
    internal sealed record CachedRead(ConversationHead? Head, Entry Entry)
    {
        /// <summary>Whether the read began after the reader holding <paramref name="ticket"/> subscribed.</summary>
        public bool BeganAfter(long ticket) => Entry.StartTicket > ticket;
    }

    /// <summary>One shared read: its subscription, its place in the order of events, and its results.</summary>
    internal sealed class Entry(IChatSubscription subscription, long startTicket) : IDisposable
    {
        private readonly TaskCompletionSource<ConversationHead?> _head = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IChatSubscription Subscription { get; } = subscription;

        public long StartTicket { get; } = startTicket;

        public Task<ConversationHead?> Head => _head.Task;

        /// <summary>Reads of the changes after a sequence number; guarded by locking the entry.</summary>
        public Dictionary<long, Task<IReadOnlyList<Message>>> Changes { get; } = [];

        /// <summary>Still usable: nothing notified, and either still reading or read less than its validity ago.</summary>
        public bool IsFresh(DateTimeOffset now) =>
            !Subscription.IsSignalled
            && (!_head.Task.IsCompleted || (_head.Task.IsCompletedSuccessfully && _head.Task.Result is { } head && now < head.ValidUntil));

        public void Complete(ConversationHead? head) => _head.SetResult(head);

        public void Fail(Exception exception) => _head.SetException(exception);

        public void Dispose() => Subscription.Dispose();
    }
}
