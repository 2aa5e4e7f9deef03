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
/// <para>A shared read is not cancelled by the request that starts it, so a request that leaves
/// never takes a shared read down with it.</para>
/// <para>What is kept is bounded: only reads of the changes near the head are shared (where the
/// readers woken by one change all ask), at most <see cref="BstChatOptions.MaxSharedReadConversations"/>
/// heads are kept, and everything kept fits <see cref="BstChatOptions.MaxSharedReadBytes"/>. A read
/// outside those bounds is the reader's own and is kept by nobody.</para>
/// </remarks>
internal sealed class ConversationHeadCache
{
    /// <summary>
    /// How far behind the head a cursor may be for its read to be shared. Readers woken by one
    /// change ask from (nearly) the head; a cursor further back is a client catching up, and every
    /// such cursor is as likely to be different as the same, so sharing would only keep pages.
    /// </summary>
    internal const long NearHead = 32;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IMessageStore _store;
    private readonly ITypingTracker _typingTracker;
    private readonly IChatNotifier _notifier;
    private readonly IOptions<BstChatOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly SharedReadBudget _budget;
    private long _clock;
    private long _lastSweepTicks;
    private int _count;

    public ConversationHeadCache(
        IMessageStore store, ITypingTracker typingTracker, IChatNotifier notifier, IOptions<BstChatOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _typingTracker = typingTracker;
        _notifier = notifier;
        _options = options;
        _timeProvider = timeProvider;
        _budget = new SharedReadBudget(options.Value.MaxSharedReadBytes);
    }

    /// <summary>The estimated bytes the kept reads hold now; at most <see cref="BstChatOptions.MaxSharedReadBytes"/>.</summary>
    internal long KeptBytes => _budget.Reserved;

    /// <summary>The conversations whose heads are kept now; at most <see cref="BstChatOptions.MaxSharedReadConversations"/>.</summary>
    internal int KeptConversations => Volatile.Read(ref _count);

    /// <summary>
    /// A point in this cache's order of events. A reader takes one right after it subscribes (or on
    /// arrival, when it does not wait); a read that began after it counts as the reader's own.
    /// </summary>
    public long Ticket() => Interlocked.Increment(ref _clock);

    /// <summary>The conversation's head as of a read valid for a reader holding <paramref name="ticket"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="ticket">The reader's ticket, taken after it subscribed.</param>
    /// <param name="onlyLater">Accept only a read that began after <paramref name="ticket"/>, as if the reader read the store itself.</param>
    /// <param name="cancellationToken">Ends this reader's wait for the read (never a shared read itself).</param>
    /// <returns>The read: its head is <see langword="null"/> when there is no such conversation.</returns>
    public async ValueTask<CachedRead> GetAsync(string conversationId, long ticket, bool onlyLater, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _timeProvider.GetUtcNow();
            if (_entries.TryGetValue(conversationId, out var entry) && entry.IsFresh(now) && (!onlyLater || entry.StartTicket > ticket))
            {
                var shared = await entry.Head.WaitAsync(cancellationToken);
                if (ticket < entry.StartTicket || !entry.IsSignalled)
                {
                    return new CachedRead(shared, entry);
                }

                // Notified while the read ran, and the read began before this reader listened: read again.
                continue;
            }

            if (entry is null && KeptConversations >= _options.Value.MaxSharedReadConversations)
            {
                // As many heads kept as allowed: this reader reads for itself, and nothing is kept.
                var own = Entry.Unshared(Ticket());
                var head = await ReadHeadAsync(conversationId, now, cancellationToken);
                own.Complete(head);
                return new CachedRead(head, own);
            }

            var fresh = Entry.Shared(_notifier.Subscribe(conversationId), Ticket());
            if (!(entry is null ? TryAdd(conversationId, fresh) : _entries.TryUpdate(conversationId, fresh, entry)))
            {
                fresh.Retire(_budget);
                continue;
            }

            entry?.Retire(_budget);
            SweepIfDue(now);
            return await ReadSharedHeadAsync(conversationId, fresh, now);
        }
    }

    /// <summary>
    /// The changes after <paramref name="afterSeq"/>: near the head, read once per cached read and
    /// shared by every reader of it while the budget allows; further back, read by this reader alone.
    /// </summary>
    public async ValueTask<IReadOnlyList<Message>> GetChangesAsync(CachedRead read, long afterSeq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var conversation = read.Head?.Conversation ?? throw new ArgumentException("The read found no conversation.", nameof(read));
        var limit = _options.Value.MaxPageSize;
        var entry = read.Entry;
        if (conversation.LastSeq - afterSeq > NearHead || !entry.TryJoinOrStart(afterSeq, out var running, out var mine))
        {
            return AsOfHead(conversation, await _store.GetChangesAsync(conversation.Id, afterSeq, limit, cancellationToken));
        }

        if (mine is null)
        {
            return await running!.WaitAsync(cancellationToken);
        }

        try
        {
            // Not cancelled by this request: other readers may be waiting on the same read.
            var changes = AsOfHead(conversation, await _store.GetChangesAsync(conversation.Id, afterSeq, limit, CancellationToken.None));
            entry.KeepOrForget(afterSeq, SharedReadSize.Of(changes), _budget);
            mine.SetResult(changes);
            return changes;
        }
        catch (Exception exception)
        {
            entry.Forget(afterSeq);
            mine.SetException(exception);
            throw;
        }
    }

    /// <summary>
    /// The changes are read after the head, whose membership the reader passed: cut them at the
    /// head, so nothing is shown that the head did not cover (a removal made on another instance,
    /// not yet seen here, may lie between). The rest comes with the next head.
    /// </summary>
    private static IReadOnlyList<Message> AsOfHead(Conversation conversation, IReadOnlyList<Message> changes) =>
        changes.Count == 0 || changes[^1].ChangeSeq <= conversation.LastSeq ? changes : [.. changes.TakeWhile(c => c.ChangeSeq <= conversation.LastSeq)];

    /// <summary>Reads a head from the store. A conversation that does not exist costs the same reads as one the reader is not a member of.</summary>
    private async ValueTask<ConversationHead?> ReadHeadAsync(string conversationId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var conversation = await _store.FindConversationAsync(conversationId, cancellationToken);
        // Read even when there is no conversation: otherwise a non-member could time the answers and learn which ids exist.
        var members = await _store.GetMembersAsync(conversationId, cancellationToken);
        var typing = await _typingTracker.GetTypingAsync(conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var validUntil = startedAt + _options.Value.RecheckInterval;
        return new ConversationHead(conversation, members, typing,
            typing.NextExpiry is { } expiry && expiry < validUntil ? expiry : validUntil);
    }

    private async ValueTask<CachedRead> ReadSharedHeadAsync(string conversationId, Entry entry, DateTimeOffset startedAt)
    {
        ConversationHead? head;
        try
        {
            // Not cancelled by this request: other readers may be waiting on the same read.
            head = await ReadHeadAsync(conversationId, startedAt, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Retire(conversationId, entry);
            entry.Fail(exception);
            throw;
        }

        // Nothing notifies the creation of a conversation: never keep its absence. Nor a head over the budget.
        if (head is null || !entry.TryKeep(SharedReadSize.Of(head), _budget))
        {
            Retire(conversationId, entry);
        }

        entry.Complete(head);
        return new CachedRead(head, entry);
    }

    private bool TryAdd(string conversationId, Entry entry)
    {
        if (!_entries.TryAdd(conversationId, entry))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    private void Retire(string conversationId, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(conversationId, entry)))
        {
            Interlocked.Decrement(ref _count);
        }

        entry.Retire(_budget);
    }

    /// <summary>Drops stale reads of conversations nobody reads any more, at most once per re-check interval.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < _options.Value.RecheckInterval.Ticks
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

    /// <summary>A head as one read saw it (<see langword="null"/>: no such conversation), and the read itself.</summary>
    internal sealed record CachedRead(ConversationHead? Head, Entry Entry)
    {
        /// <summary>Whether the read began after the reader holding <paramref name="ticket"/> subscribed.</summary>
        public bool BeganAfter(long ticket) => Entry.StartTicket > ticket;
    }

    /// <summary>One read of a head: its subscription when shared, its place in the order of events, its results and what they cost the budget.</summary>
    internal sealed class Entry
    {
        private readonly TaskCompletionSource<ConversationHead?> _head = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly IChatSubscription? _subscription;

        /// <summary>Reads of the changes after a sequence number; guarded by locking the entry.</summary>
        private readonly Dictionary<long, Task<IReadOnlyList<Message>>> _changes = [];

        private long _keptBytes;
        private bool _retired;

        private Entry(IChatSubscription? subscription, long startTicket)
        {
            _subscription = subscription;
            StartTicket = startTicket;
            _retired = subscription is null;
        }

        public long StartTicket { get; }

        public Task<ConversationHead?> Head => _head.Task;

        /// <summary>Whether a change was notified since the read began (always, for a read nobody shares).</summary>
        public bool IsSignalled => _subscription?.IsSignalled ?? true;

        /// <summary>A read others may share, listening on its own subscription taken before the read.</summary>
        public static Entry Shared(IChatSubscription subscription, long startTicket) => new(subscription, startTicket);

        /// <summary>A reader's own read, which nobody else sees and which keeps nothing.</summary>
        public static Entry Unshared(long startTicket) => new(null, startTicket);

        /// <summary>Still usable: nothing notified, and either still reading or read less than its validity ago.</summary>
        public bool IsFresh(DateTimeOffset now) =>
            !IsSignalled
            && (!_head.Task.IsCompleted || (_head.Task.IsCompletedSuccessfully && _head.Task.Result is { } head && now < head.ValidUntil));

        public void Complete(ConversationHead? head) => _head.SetResult(head);

        public void Fail(Exception exception) => _head.SetException(exception);

        /// <summary>Keeps <paramref name="bytes"/> more of this read if it is still kept and they fit the budget.</summary>
        public bool TryKeep(long bytes, SharedReadBudget budget)
        {
            lock (_changes)
            {
                if (_retired || !budget.TryReserve(bytes))
                {
                    return false;
                }

                _keptBytes += bytes;
                return true;
            }
        }

        /// <summary>Joins a read of the changes after <paramref name="afterSeq"/>, or starts one (<paramref name="mine"/>); false once retired.</summary>
        public bool TryJoinOrStart(long afterSeq, out Task<IReadOnlyList<Message>>? running, out TaskCompletionSource<IReadOnlyList<Message>>? mine)
        {
            mine = null;
            lock (_changes)
            {
                if (_retired)
                {
                    running = null;
                    return false;
                }

                if (!_changes.TryGetValue(afterSeq, out running))
                {
                    mine = new TaskCompletionSource<IReadOnlyList<Message>>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _changes.Add(afterSeq, mine.Task);
                }

                return true;
            }
        }

        /// <summary>Keeps a finished read of the changes for later readers if the budget allows; otherwise only those already waiting get it.</summary>
        public void KeepOrForget(long afterSeq, long bytes, SharedReadBudget budget)
        {
            if (!TryKeep(bytes, budget))
            {
                Forget(afterSeq);
            }
        }

        public void Forget(long afterSeq)
        {
            lock (_changes)
            {
                _changes.Remove(afterSeq);
            }
        }

        /// <summary>Stops keeping anything of this read and gives its bytes back; readers that hold it may still finish with it.</summary>
        public void Retire(SharedReadBudget budget)
        {
            lock (_changes)
            {
                if (_retired && _keptBytes == 0)
                {
                    return;
                }

                _retired = true;
                budget.Release(_keptBytes);
                _keptBytes = 0;
                _changes.Clear();
            }

            _subscription?.Dispose();
        }
    }
}
