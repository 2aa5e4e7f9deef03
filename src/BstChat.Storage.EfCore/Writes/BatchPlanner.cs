namespace BstChat.Storage.EfCore.Writes;

/// <summary>
/// Group commit's decision as pure logic: given a batch of writes in arrival order and what was
/// read under its conversations' locks, what each write answers and what the batch stores. The
/// answer is the one the writes would get one after the other, in that order, against that
/// state (docs/design-notes.md, "Group commit"). Keeping it free of I/O is what lets the
/// database part stay a few set-based statements, and lets every case here be tested without one.
/// </summary>
/// <remarks>
/// Seqs are given in arrival order from the locked <c>last_seq</c> with no gaps: only a write that
/// changes something takes one, so a replay, a no-op edit or a change of a tombstone takes none.
/// A replay of a send earlier in the same batch answers with that send's message, and a write
/// that follows another write of the same message sees it (a delete then an edit: the edit
/// answers the tombstone), because every write reads the batch's own running state.
/// </remarks>
internal static class BatchPlanner
{
    public static BatchPlan Plan(IReadOnlyList<StoreWrite> writes, BatchState state)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(state);
        var run = new Run(state);
        var outcomes = new List<WriteOutcome>(writes.Count);
        foreach (var write in writes)
        {
            outcomes.Add(write switch
            {
                SendWrite send => run.Send(send.Message),
                ChangeWrite change => run.Change(change.Update),
                _ => throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(writes)),
            });
        }

        return run.ToPlan(outcomes);
    }

    /// <summary>The batch's running state: every message it has seen or made, as it stands so far.</summary>
    private sealed class Run
    {
        private readonly Dictionary<string, long> _lastSeqs;
        private readonly Dictionary<string, DateTimeOffset> _lastChangeAts = new(StringComparer.Ordinal);
        private readonly Dictionary<(string ConversationId, string MessageId), Message> _messages = [];
        private readonly Dictionary<(string ConversationId, string SenderId, string ClientMessageId), string> _byClientMessageId = [];
        private readonly List<(string ConversationId, string MessageId)> _created = [];
        private readonly List<(string ConversationId, string MessageId)> _changed = [];
        private readonly List<MessageRevision> _revisions = [];

        public Run(BatchState state)
        {
            _lastSeqs = new Dictionary<string, long>(state.LastSeqs, StringComparer.Ordinal);
            foreach (var message in state.Messages)
            {
                Remember(message);
            }
        }

        public WriteOutcome Send(NewMessage send)
        {
            if (!_lastSeqs.ContainsKey(send.ConversationId))
            {
                return default;
            }

            if (send.ClientMessageId is { } clientMessageId
                && _byClientMessageId.TryGetValue((send.ConversationId, send.SenderId, clientMessageId), out var firstId))
            {
                return new WriteOutcome(_messages[(send.ConversationId, firstId)], Created: false);
            }

            var message = send.ToMessage(TakeSeq(send.ConversationId, send.CreatedAt));
            Remember(message);
            _created.Add((message.ConversationId, message.Id));
            return new WriteOutcome(message, Created: true);
        }

        public WriteOutcome Change(MessageUpdate update)
        {
            var key = (update.ConversationId, update.MessageId);
            if (!_lastSeqs.ContainsKey(update.ConversationId) || !_messages.TryGetValue(key, out var current))
            {
                return default;
            }

            if (current.IsDeleted || (!update.IsDelete && current.Text == update.NewText))
            {
                return new WriteOutcome(current, Created: false);
            }

            var seq = TakeSeq(update.ConversationId, update.At);
            _revisions.Add(MessageRevisions.Of(current, update, seq));
            var changed = update.NewText is { } text
                ? current with { ChangeSeq = seq, Text = text, EditedAt = update.At }
                : current with { ChangeSeq = seq, Text = "", DeletedAt = update.At, Attachments = MessageAttachments.Empty };
            _messages[key] = changed;
            if (!_created.Contains(key) && !_changed.Contains(key))
            {
                _changed.Add(key);
            }

            return new WriteOutcome(changed, Created: false);
        }

        public BatchPlan ToPlan(List<WriteOutcome> outcomes) => new(
            outcomes,
            [.. _lastChangeAts.Select(c => new ConversationAdvance(c.Key, _lastSeqs[c.Key], c.Value))],
            [.. _created.Select(key => _messages[key])],
            [.. _changed.Select(key => _messages[key])],
            _revisions);

        private long TakeSeq(string conversationId, DateTimeOffset at)
        {
            var seq = ++_lastSeqs[conversationId];
            _lastChangeAts[conversationId] = at;
            return seq;
        }

        private void Remember(Message message)
        {
            _messages[(message.ConversationId, message.Id)] = message;
            if (message.ClientMessageId is { } clientMessageId)
            {
                _byClientMessageId.TryAdd((message.ConversationId, message.SenderId, clientMessageId), message.Id);
            }
        }
    }
}
