namespace BstChat.Storage.InMemory;

/// <summary>The in-memory store's export and import, for copying chat to or from another store.</summary>
internal sealed partial class InMemoryMessageStore : IChatStoreImport
{
    /// <inheritdoc />
    public TimeSpan TimePrecision => TimeSpan.FromTicks(1);

    /// <inheritdoc />
    public ValueTask<ChatStoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long conversations = 0, members = 0, messages = 0, revisions = 0;
        foreach (var state in _conversations.Values)
        {
            lock (state)
            {
                conversations++;
                members += state.Members.Count;
                messages += state.BySeq.Count;
                revisions += state.Revisions.Count;
            }
        }

        return ValueTask.FromResult(new ChatStoreCounts(conversations, members, messages, revisions));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Conversation>> ExportConversationsAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var page = new List<Conversation>();
        foreach (var id in _conversations.Keys
            .Where(id => afterId is null || string.CompareOrdinal(id, afterId) > 0)
            .Order(StringComparer.Ordinal)
            .Take(limit))
        {
            var state = _conversations[id];
            lock (state)
            {
                page.Add(state.Conversation);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Conversation>>(page);
    }

    /// <inheritdoc />
    public ValueTask<Conversation?> ExportConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        FindConversationAsync(conversationId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Member>> ExportMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        GetMembersAsync(conversationId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Message>> ExportMessagesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<IReadOnlyList<Message>>([]);
        }

        lock (state)
        {
            var start = state.IndexOfFirstSeqAtLeast(afterSeq + 1);
            var page = state.BySeq.GetRange(start, Math.Min(limit, state.BySeq.Count - start));
            return ValueTask.FromResult<IReadOnlyList<Message>>(page);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MessageRevision>> ExportRevisionsAsync(string conversationId, long afterChangeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_conversations.TryGetValue(conversationId, out var state))
        {
            return ValueTask.FromResult<IReadOnlyList<MessageRevision>>([]);
        }

        lock (state)
        {
            return ValueTask.FromResult<IReadOnlyList<MessageRevision>>([.. state.Revisions.Values.Where(r => r.ChangeSeq > afterChangeSeq).Take(limit)]);
        }
    }

    /// <inheritdoc />
    public ValueTask ImportRevisionsAsync(IReadOnlyList<MessageRevision> revisions, CancellationToken cancellationToken) =>
        ImportRows(revisions, static r => r.ConversationId, "revisions", static (state, r) => state.Record(r), cancellationToken);

    /// <inheritdoc />
    public ValueTask ImportConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        cancellationToken.ThrowIfCancellationRequested();
        var state = _conversations.GetOrAdd(conversation.Id, static (_, c) => new ConversationState(c), conversation);
        lock (state)
        {
            state.Conversation = conversation;
            state.PadChangeSeqs(conversation.LastSeq);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ImportMembersAsync(string conversationId, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        cancellationToken.ThrowIfCancellationRequested();
        if (members.FirstOrDefault(m => m.ConversationId != conversationId) is { } stray)
        {
            throw new ArgumentException($"Member {stray.UserId} belongs to {stray.ConversationId}, not {conversationId}.", nameof(members));
        }

        var state = _conversations.TryGetValue(conversationId, out var found)
            ? found
            : throw new InvalidOperationException($"Conversation {conversationId} must be imported before its members.");
        lock (state)
        {
            var keep = members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
            foreach (var userId in state.Members.Keys.Where(id => !keep.Contains(id)).ToList())
            {
                state.Members.Remove(userId);
                if (_conversationsByUser.TryGetValue(userId, out var ids))
                {
                    ids.TryRemove(conversationId, out _);
                }
            }

            foreach (var member in members)
            {
                state.Members[member.UserId] = member;
                _conversationsByUser.GetOrAdd(member.UserId, static _ => new(StringComparer.Ordinal))[conversationId] = 0;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ImportMessagesAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        ImportRows(messages, static m => m.ConversationId, "messages", static (state, m) => state.Import(m), cancellationToken);

    /// <summary>Writes rows into their conversations, each under its conversation's lock; the conversations must exist.</summary>
    private ValueTask ImportRows<T>(IReadOnlyList<T> rows, Func<T, string> conversationOf, string what, Action<ConversationState, T> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var group in rows.GroupBy(conversationOf, StringComparer.Ordinal))
        {
            var state = _conversations.TryGetValue(group.Key, out var found)
                ? found
                : throw new InvalidOperationException($"Conversation {group.Key} must be imported before its {what}.");
            lock (state)
            {
                foreach (var row in group)
                {
                    write(state, row);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>What importing needs of a conversation's indexes.</summary>
    private sealed partial class ConversationState
    {
        /// <summary>Makes room in <see cref="ByChangeSeq"/> up to <paramref name="changeSeq"/>; seqs no message holds stay empty.</summary>
        public void PadChangeSeqs(long changeSeq)
        {
            while (ByChangeSeq.Count < changeSeq)
            {
                ByChangeSeq.Add(null);
            }
        }

        /// <summary>Stores the message exactly as given, replacing the one with its id.</summary>
        public void Import(Message message)
        {
            if (Find(message.Id) is { } existing)
            {
                Forget(existing);
            }

            var position = IndexOfFirstSeqAtLeast(message.Seq);
            if (position < BySeq.Count && BySeq[position].Seq == message.Seq)
            {
                throw new InvalidOperationException(
                    $"Conversation {message.ConversationId} already holds message {BySeq[position].Id} at seq {message.Seq}; cannot import message {message.Id} there.");
            }

            BySeq.Insert(position, message);
            Reindex(position);
            PadChangeSeqs(message.ChangeSeq);
            ByChangeSeq[(int)(message.ChangeSeq - 1)] = message.Id;
            if (message.ClientMessageId is { } clientId)
            {
                ByClientId[(message.SenderId, clientId)] = message.Id;
            }
        }

        private void Forget(Message existing)
        {
            var index = IndexById[existing.Id];
            BySeq.RemoveAt(index);
            IndexById.Remove(existing.Id);
            Reindex(index);
            if (existing.ChangeSeq <= ByChangeSeq.Count && ByChangeSeq[(int)(existing.ChangeSeq - 1)] == existing.Id)
            {
                ByChangeSeq[(int)(existing.ChangeSeq - 1)] = null;
            }

            if (existing.ClientMessageId is { } clientId)
            {
                ByClientId.Remove((existing.SenderId, clientId));
            }
        }

        private void Reindex(int from)
        {
            for (var i = from; i < BySeq.Count; i++)
            {
                IndexById[BySeq[i].Id] = i;
            }
        }
    }
}
