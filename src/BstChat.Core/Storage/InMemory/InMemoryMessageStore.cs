using System.Collections.Concurrent;

namespace BstChat.Storage.InMemory;

/// <summary>
/// A store that keeps everything in this process's memory: for tests, demos and single-instance
/// hosts that do not need messages to survive a restart. Each conversation is guarded by its own
/// lock, which makes every write atomic and keeps the change-feed rule.
/// </summary>
internal sealed partial class InMemoryMessageStore : IMessageStore
{
    private readonly ConcurrentDictionary<string, ConversationState> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _conversationsByUser = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<CreateConversationResult> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        cancellationToken.ThrowIfCancellationRequested();
        var fresh = new ConversationState(conversation with { LastSeq = 0 });
        var state = _conversations.GetOrAdd(conversation.Id, fresh);
        lock (state)
        {
            // Only the call whose state was added created the conversation; every other one found it.
            return ValueTask.FromResult(new CreateConversationResult(state.Conversation, Created: ReferenceEquals(state, fresh)));
        }
    }

    /// <inheritdoc />
    public ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<Conversation?>(null);
        }

        lock (state)
        {
            return ValueTask.FromResult<Conversation?>(state.Conversation);
        }
    }

    /// <inheritdoc />
    public ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(member.ConversationId, out var state))
        {
            return ValueTask.FromResult<Member?>(null);
        }

        Member stored;
        lock (state)
        {
            stored = state.Members.TryGetValue(member.UserId, out var existing)
                ? existing with { DisplayName = member.DisplayName, Role = member.Role }
                : member with { LastReadSeq = 0 };
            state.Members[member.UserId] = stored;

            // Inside the lock, so a concurrent remove of the same member cannot undo this entry.
            _conversationsByUser.GetOrAdd(member.UserId, static _ => new(StringComparer.Ordinal))[member.ConversationId] = 0;
        }

        return ValueTask.FromResult<Member?>(stored);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult(false);
        }

        bool removed;
        lock (state)
        {
            removed = state.Members.Remove(userId);
            if (removed && _conversationsByUser.TryGetValue(userId, out var ids))
            {
                ids.TryRemove(conversationId, out _);
            }
        }

        return ValueTask.FromResult(removed);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<IReadOnlyList<Member>>([]);
        }

        lock (state)
        {
            return ValueTask.FromResult<IReadOnlyList<Member>>(state.OrderedMembers());
        }
    }

    /// <inheritdoc />
    public ValueTask<Member?> FindMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<Member?>(null);
        }

        lock (state)
        {
            return ValueTask.FromResult(state.Members.GetValueOrDefault(userId));
        }
    }

    /// <inheritdoc />
    public ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(message.ConversationId, out var state))
        {
            return ValueTask.FromResult<AppendResult?>(null);
        }

        lock (state)
        {
            if (message.ClientMessageId is { } clientId
                && state.ByClientId.TryGetValue((message.SenderId, clientId), out var firstId))
            {
                return ValueTask.FromResult<AppendResult?>(new AppendResult(state.Get(firstId), Created: false));
            }

            var seq = state.Conversation.LastSeq + 1;
            var stored = message.ToMessage(seq);
            state.Append(stored);
            if (message.ClientMessageId is { } newClientId)
            {
                state.ByClientId[(message.SenderId, newClientId)] = stored.Id;
            }

            state.Conversation = state.Conversation with { LastSeq = seq, LastChangeAt = message.CreatedAt };
            return ValueTask.FromResult<AppendResult?>(new AppendResult(stored, Created: true));
        }
    }

    /// <inheritdoc />
    public ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<Message?>(null);
        }

        lock (state)
        {
            return ValueTask.FromResult(state.Find(messageId));
        }
    }

    /// <inheritdoc />
    public ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(update.ConversationId, out var state))
        {
            return ValueTask.FromResult<Message?>(null);
        }

        lock (state)
        {
            var current = state.Find(update.MessageId);
            if (current is null || current.IsDeleted || (!update.IsDelete && current.Text == update.NewText))
            {
                return ValueTask.FromResult(current);
            }

            var seq = state.Conversation.LastSeq + 1;
            var changed = update.IsDelete
                ? current with { ChangeSeq = seq, Text = "", Attachments = MessageAttachments.Empty, DeletedAt = update.At }
                : current with { ChangeSeq = seq, Text = update.NewText!, EditedAt = update.At };
            state.Replace(current, changed);
            state.Record(MessageRevisions.Of(current, update, seq));
            state.Conversation = state.Conversation with { LastSeq = seq, LastChangeAt = update.At };
            return ValueTask.FromResult<Message?>(changed);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<IReadOnlyList<MessageRevision>>([]);
        }

        lock (state)
        {
            return ValueTask.FromResult<IReadOnlyList<MessageRevision>>(state.RevisionsOf(messageId));
        }
    }

    /// <inheritdoc />
    public ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult(new HistoryPage([], HasMore: false));
        }

        lock (state)
        {
            var end = beforeSeq is { } before ? state.IndexOfFirstSeqAtLeast(before) : state.BySeq.Count;
            var start = Math.Max(0, end - limit);
            var page = state.BySeq.GetRange(start, end - start);
            return ValueTask.FromResult(new HistoryPage(page, HasMore: start > 0));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<IReadOnlyList<Message>>([]);
        }

        lock (state)
        {
            var changes = new List<Message>();
            for (var seq = Math.Max(afterSeq, 0) + 1; seq <= state.Conversation.LastSeq && changes.Count < limit; seq++)
            {
                if (state.ByChangeSeq[(int)(seq - 1)] is { } messageId)
                {
                    changes.Add(state.Get(messageId));
                }
            }

            return ValueTask.FromResult<IReadOnlyList<Message>>(changes);
        }
    }

    /// <inheritdoc />
    public ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<long?>(null);
        }

        lock (state)
        {
            if (!state.Members.TryGetValue(userId, out var member))
            {
                return ValueTask.FromResult<long?>(null);
            }

            var target = Math.Min(seq, state.Conversation.LastSeq);
            if (target > member.LastReadSeq)
            {
                member = member with { LastReadSeq = target };
                state.Members[userId] = member;
            }

            return ValueTask.FromResult<long?>(member.LastReadSeq);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversationsByUser.TryGetValue(userId, out var ids))
        {
            return ValueTask.FromResult<IReadOnlyList<InboxEntry>>([]);
        }

        var inbox = new List<InboxEntry>();
        foreach (var id in ids.Keys)
        {
            if (!_conversations.TryGetValue(id, out var state))
            {
                continue;
            }

            lock (state)
            {
                if (state.Members.TryGetValue(userId, out var member))
                {
                    inbox.Add(state.InboxEntryFor(member));
                }
            }
        }

        inbox.Sort(static (a, b) => b.Conversation.LastChangeAt.CompareTo(a.Conversation.LastChangeAt) is var byTime and not 0
            ? byTime
            : string.CompareOrdinal(a.Conversation.Id, b.Conversation.Id));
        return ValueTask.FromResult<IReadOnlyList<InboxEntry>>(inbox.Count > limit ? inbox.GetRange(0, limit) : inbox);
    }

    /// <summary>One conversation's data; every access holds the lock on this object.</summary>
    private sealed partial class ConversationState(Conversation conversation)
    {
        public Conversation Conversation { get; set; } = conversation;

        public Dictionary<string, Member> Members { get; } = new(StringComparer.Ordinal);

        /// <summary>Messages in <see cref="Message.Seq"/> order, which is the order they were appended.</summary>
        public List<Message> BySeq { get; } = [];

        /// <summary>Entry n-1 names the message whose current ChangeSeq is n, or is null once that change was superseded.</summary>
        public List<string?> ByChangeSeq { get; } = [];

        public Dictionary<(string SenderId, string ClientMessageId), string> ByClientId { get; } = [];

        /// <summary>The record of edits and deletes, by change seq; chat only ever adds to it.</summary>
        public SortedDictionary<long, MessageRevision> Revisions { get; } = [];

        private Dictionary<string, int> IndexById { get; } = new(StringComparer.Ordinal);

        public Message? Find(string messageId) =>
            IndexById.TryGetValue(messageId, out var index) ? BySeq[index] : null;

        public Message Get(string messageId) => BySeq[IndexById[messageId]];

        public void Append(Message message)
        {
            IndexById[message.Id] = BySeq.Count;
            BySeq.Add(message);
            ByChangeSeq.Add(message.Id);
        }

        public void Replace(Message current, Message changed)
        {
            BySeq[IndexById[current.Id]] = changed;
            ByChangeSeq[(int)(current.ChangeSeq - 1)] = null;
            ByChangeSeq.Add(changed.Id);
        }

        public void Record(MessageRevision revision) => Revisions[revision.ChangeSeq] = revision;

        public List<MessageRevision> RevisionsOf(string messageId) =>
            [.. Revisions.Values.Where(r => r.MessageId == messageId)];

        public int IndexOfFirstSeqAtLeast(long seq)
        {
            int low = 0, high = BySeq.Count;
            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (BySeq[mid].Seq < seq)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }

        public List<Member> OrderedMembers() =>
            [.. Members.Values.OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId, StringComparer.Ordinal)];

        public InboxEntry InboxEntryFor(Member member)
        {
            long unread = 0;
            for (var i = IndexOfFirstSeqAtLeast(member.LastReadSeq + 1); i < BySeq.Count; i++)
            {
                var message = BySeq[i];
                if (!message.IsDeleted && message.SenderId != member.UserId)
                {
                    unread++;
                }
            }

            var lastMessage = BySeq.FindLast(static m => !m.IsDeleted);
            return new InboxEntry(Conversation, member.LastReadSeq, unread, lastMessage);
        }
    }
}
