using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Queries;
using BstChat.Storage.Mongo.Writes;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo;

/// <summary>
/// The MongoDB store. It needs no multi-document transaction: a write takes its seq with
/// <c>$inc</c>, changes one message document, then records the seq in a change document; readers
/// stop at the first seq without one (see docs/mongo-gap-free-prefix.md). Once a writer holds a
/// seq it finishes without the caller's cancellation token, so a cancelled request leaves no gap.
/// </summary>
internal sealed class MongoMessageStore(
    ChatCollections collections,
    SeqReservations reservations,
    ChangePublisher publisher,
    VisiblePrefix prefix,
    GapFiller filler) : IMessageStore
{
    /// <summary>The fewest change documents read per round of the change feed; skipped and superseded ones return nothing.</summary>
    public const int MinChangeBatch = 100;

    private static readonly FindOneAndUpdateOptions<MessageDocument> MessageAfter = new() { ReturnDocument = ReturnDocument.After };
    private static readonly FindOneAndUpdateOptions<MemberDocument> MemberAfter = new() { ReturnDocument = ReturnDocument.After };
    private static readonly FindOneAndUpdateOptions<MemberDocument> MemberUpsert = new() { ReturnDocument = ReturnDocument.After, IsUpsert = true };

    public async ValueTask<Conversation> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var document = DocumentMapper.ToDocument(conversation);
        try
        {
            await collections.Conversations.InsertOneAsync(document, cancellationToken: cancellationToken);
            return DocumentMapper.ToModel(document, lastSeq: 0);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Conversations are never deleted, so the one that won is there.
            var existing = await FindConversationDocumentAsync(conversation.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Conversation {conversation.Id} exists yet cannot be read.", e);
            return DocumentMapper.ToModel(existing, await prefix.HeadAsync(existing, cancellationToken));
        }
    }

    public async ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var document = await FindConversationDocumentAsync(conversationId, cancellationToken);
        return document is null ? null : DocumentMapper.ToModel(document, await prefix.HeadAsync(document, cancellationToken));
    }

    public async ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (await FindConversationDocumentAsync(member.ConversationId, cancellationToken) is null)
        {
            return null;
        }

        // An upsert by _id equality: the server retries it if two upserts race to insert.
        var stored = await collections.Members.FindOneAndUpdateAsync(
            MemberQueries.ById(member.ConversationId, member.UserId), MemberQueries.Upsert(member), MemberUpsert, cancellationToken);
        return DocumentMapper.ToModel(stored);
    }

    public async ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var result = await collections.Members.DeleteOneAsync(MemberQueries.ById(conversationId, userId), cancellationToken);
        return result.DeletedCount > 0;
    }

    public async ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken)
    {
        var members = await collections.Members
            .Find(MemberQueries.InConversation(conversationId))
            .Sort(MemberQueries.ByJoinTime)
            .ToListAsync(cancellationToken);
        return [.. members.Select(DocumentMapper.ToModel)];
    }

    public async ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversationId = message.ConversationId;
        if (message.ClientMessageId is { } clientId
            && await FindByClientMessageIdAsync(conversationId, message.SenderId, clientId, cancellationToken) is { } earlier)
        {
            // A plain replay takes no seq.
            return new AppendResult(DocumentMapper.ToModel(earlier), Created: false);
        }

        if (await reservations.ReserveAsync(conversationId, message.CreatedAt, cancellationToken) is not { } seq)
        {
            return null;
        }

        var document = DocumentMapper.ToDocument(message, seq);
        try
        {
            await collections.Messages.InsertOneAsync(document, cancellationToken: CancellationToken.None);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // A concurrent replay won the unique index; the seq it made us take carries nothing.
            await filler.MarkUnusedAsync(conversationId, seq, "a concurrent send with the same client message id won");
            if (message.ClientMessageId is { } raceId
                && await FindByClientMessageIdAsync(conversationId, message.SenderId, raceId, CancellationToken.None) is { } winner)
            {
                return new AppendResult(DocumentMapper.ToModel(winner), Created: false);
            }

            throw;
        }

        if (await publisher.PublishAsync(conversationId, document.Id, seq, isNewMessage: true, message.CreatedAt) is not { } visibleAt)
        {
            return new AppendResult(await CurrentStateAsync(conversationId, document.Id), Created: true);
        }

        await prefix.RaiseAfterWriteAsync(conversationId, visibleAt);
        document.Seq = visibleAt;
        document.ChangeSeq = visibleAt;
        return new AppendResult(DocumentMapper.ToModel(document), Created: true);
    }

    public async ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken)
    {
        var document = await collections.Messages.Find(MessageQueries.ById(conversationId, messageId)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : DocumentMapper.ToModel(document);
    }

    public async ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var conversationId = update.ConversationId;
        var current = await collections.Messages.Find(MessageQueries.ById(conversationId, update.MessageId)).FirstOrDefaultAsync(cancellationToken);
        if (current is null || current.DeletedAt is not null || current.Text == update.NewText)
        {
            return current is null ? null : DocumentMapper.ToModel(current);
        }

        if (await reservations.ReserveAsync(conversationId, update.At, cancellationToken) is not { } seq)
        {
            return null;
        }

        var changed = await collections.Messages.FindOneAndUpdateAsync(
            MessageQueries.Changeable(update, seq), MessageQueries.Apply(update, seq), MessageAfter, CancellationToken.None);
        if (changed is null)
        {
            // Another change got to the message first and wins; ours would have come before it anyway.
            await filler.MarkUnusedAsync(conversationId, seq, "another change to the message applied first");
            return await CurrentStateAsync(conversationId, update.MessageId);
        }

        if (await publisher.PublishAsync(conversationId, update.MessageId, seq, isNewMessage: false, update.At) is not { } visibleAt)
        {
            return await CurrentStateAsync(conversationId, update.MessageId);
        }

        await prefix.RaiseAfterWriteAsync(conversationId, visibleAt);
        changed.ChangeSeq = visibleAt;
        return DocumentMapper.ToModel(changed);
    }

    public async ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // One more than asked tells whether older messages exist.
        var newestFirst = await collections.Messages
            .Find(MessageQueries.History(conversationId, beforeSeq))
            .Sort(MessageQueries.NewestFirst)
            .Limit(limit == int.MaxValue ? limit : limit + 1)
            .ToListAsync(cancellationToken);
        var page = newestFirst.Take(limit).Reverse().Select(DocumentMapper.ToModel).ToList();
        return new HistoryPage(page, HasMore: newestFirst.Count > limit);
    }

    public async ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var conversation = await FindConversationDocumentAsync(conversationId, cancellationToken);
        if (conversation is null)
        {
            return [];
        }

        var head = await prefix.HeadAsync(conversation, cancellationToken);
        var selected = new List<Message>();
        var after = Math.Max(afterSeq, 0);
        var batch = Math.Max(limit, MinChangeBatch);
        // Rounds go on past change documents that yield nothing, so a long run of superseded
        // seqs can never leave a reader's cursor stuck.
        while (selected.Count < limit && after < head)
        {
            var changes = await collections.Changes
                .Find(ChangeQueries.Range(conversationId, after, head))
                .Sort(ChangeQueries.BySeq)
                .Limit(batch)
                .ToListAsync(cancellationToken);
            if (changes.Count == 0)
            {
                break;
            }

            var messages = await LoadMessagesAsync(conversationId, changes, cancellationToken);
            selected.AddRange(ChangeSelection.Select(changes, messages, limit - selected.Count).Select(DocumentMapper.ToModel));
            after = changes[^1].Seq;
        }

        return selected;
    }

    public async ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken)
    {
        var conversation = await FindConversationDocumentAsync(conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var head = await prefix.HeadAsync(conversation, cancellationToken);
        var member = await collections.Members.FindOneAndUpdateAsync(
            MemberQueries.ById(conversationId, userId), MemberQueries.AdvanceReadMarker(Math.Min(seq, head)), MemberAfter, cancellationToken);
        return member?.LastReadSeq;
    }

    // MERGE-TODO(lead): revisions and the inbox limit are implemented on the Mongo branch's new write protocol when it merges.
    public ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public async ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var rows = await collections.Members
            .Aggregate(InboxPipeline.For(userId, collections.Names), cancellationToken: cancellationToken)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(DocumentMapper.ToModel)];
    }

    private async Task<ConversationDocument?> FindConversationDocumentAsync(string conversationId, CancellationToken cancellationToken) =>
        await collections.Conversations.Find(ConversationQueries.ById(conversationId)).FirstOrDefaultAsync(cancellationToken);

    private async Task<MessageDocument?> FindByClientMessageIdAsync(string conversationId, string senderId, string clientMessageId, CancellationToken cancellationToken) =>
        await collections.Messages.Find(MessageQueries.ByClientMessageId(conversationId, senderId, clientMessageId)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A message that exists: messages are never removed, only turned into tombstones.</summary>
    private async Task<Message> CurrentStateAsync(string conversationId, string messageId)
    {
        var document = await collections.Messages.Find(MessageQueries.ById(conversationId, messageId)).FirstAsync(CancellationToken.None);
        return DocumentMapper.ToModel(document);
    }

    private async Task<Dictionary<string, MessageDocument>> LoadMessagesAsync(string conversationId, List<ChangeDocument> changes, CancellationToken cancellationToken)
    {
        var ids = changes.Select(static c => c.MessageId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var messages = await collections.Messages.Find(MessageQueries.ByIds(conversationId, ids)).ToListAsync(cancellationToken);
        return messages.ToDictionary(static m => m.Id, StringComparer.Ordinal);
    }
}
