using BstChat.Storage.Mongo.Batching;
using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Inbox;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo;

/// <summary>
/// The MongoDB store. It needs no multi-document transaction: a write claims what it changes
/// (the client message id of a send, the message of an edit or delete), takes its seq with
/// <c>$inc</c> only once it holds the claim, changes one message document, then records the seq in
/// a change document; readers stop at the first seq without one (see docs/mongo-gap-free-prefix.md).
/// Once a writer holds a claim it finishes without the caller's cancellation token, so a cancelled
/// request leaves no gap. Sends, edits and deletes are group-committed (<see cref="BatchedWrites"/>).
/// Every call runs through <see cref="StoreOperationRunner"/>.
/// </summary>
internal sealed class MongoMessageStore(
    ChatCollections collections,
    BatchedWrites writes,
    InboxReader inbox,
    VisiblePrefix prefix,
    StoreOperationRunner runner) : IMessageStore
{
    /// <summary>The fewest change documents read per round of the change feed; skipped and superseded ones return nothing.</summary>
    public const int MinChangeBatch = 100;

    private static readonly FindOneAndUpdateOptions<MemberDocument> MemberAfter = new() { ReturnDocument = ReturnDocument.After };
    private static readonly FindOneAndUpdateOptions<MemberDocument> MemberUpsert = new() { ReturnDocument = ReturnDocument.After, IsUpsert = true };

    public async ValueTask<CreateConversationResult> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var document = DocumentMapper.ToDocument(conversation);
        return await runner.RunAsync("create conversation", async ct =>
        {
            try
            {
                await collections.Conversations.InsertOneAsync(document, cancellationToken: ct);
                return new CreateConversationResult(DocumentMapper.ToModel(document, lastSeq: 0), Created: true);
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                // Conversations are never deleted, so the one that won is there.
                var existing = await FindConversationDocumentAsync(conversation.Id, ct)
                    ?? throw new InvalidOperationException($"Conversation {conversation.Id} exists yet cannot be read.", e);
                return new CreateConversationResult(DocumentMapper.ToModel(existing, await prefix.HeadAsync(existing, ct)), Created: false);
            }
        }, cancellationToken);
    }

    public async ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        await runner.RunAsync("find conversation", async ct =>
        {
            var document = await FindConversationDocumentAsync(conversationId, ct);
            return document is null ? null : DocumentMapper.ToModel(document, await prefix.HeadAsync(document, ct));
        }, cancellationToken);

    public async ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        return await runner.RunAsync("upsert member", async ct =>
        {
            if (await FindConversationDocumentAsync(member.ConversationId, ct) is null)
            {
                return null;
            }

            // An upsert by _id equality: the server retries it if two upserts race to insert.
            var stored = await collections.Members.FindOneAndUpdateAsync(
                MemberQueries.ById(member.ConversationId, member.UserId), MemberQueries.Upsert(member), MemberUpsert, ct);
            return DocumentMapper.ToModel(stored);
        }, cancellationToken);
    }

    public async ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await runner.RunAsync("remove member", async ct =>
            (await collections.Members.DeleteOneAsync(MemberQueries.ById(conversationId, userId), ct)).DeletedCount > 0,
            cancellationToken);

    public async ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        await runner.RunAsync<IReadOnlyList<Member>>("get members", async ct =>
        {
            var members = await collections.Members
                .Find(MemberQueries.InConversation(conversationId))
                .Sort(MemberQueries.ByJoinTime)
                .ToListAsync(ct);
            return [.. members.Select(DocumentMapper.ToModel)];
        }, cancellationToken);

    public async ValueTask<Member?> FindMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await runner.RunAsync("find member", async ct =>
        {
            var member = await collections.Members.Find(MemberQueries.ById(conversationId, userId)).FirstOrDefaultAsync(ct);
            return member is null ? null : DocumentMapper.ToModel(member);
        }, cancellationToken);

    public async ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken) =>
        await runner.RunAsync("send", ct => writes.SendAsync(message, ct), cancellationToken);

    public async ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        await runner.RunAsync("find message", async ct =>
        {
            var document = await collections.Messages.Find(MessageQueries.ById(conversationId, messageId)).FirstOrDefaultAsync(ct);
            return document is null ? null : DocumentMapper.ToModel(document);
        }, cancellationToken);

    public async ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return await runner.RunAsync(update.IsDelete ? "delete" : "edit", async ct =>
            await writes.UpdateAsync(update, ct) is { } message ? DocumentMapper.ToModel(message) : null, cancellationToken);
    }

    public async ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync("get history", async ct =>
        {
            // One more than asked tells whether older messages exist.
            var newestFirst = await collections.Messages
                .Find(MessageQueries.History(conversationId, beforeSeq))
                .Sort(MessageQueries.NewestFirst)
                .Limit(limit == int.MaxValue ? limit : limit + 1)
                .ToListAsync(ct);
            var page = newestFirst.Take(limit).Reverse().Select(DocumentMapper.ToModel).ToList();
            return new HistoryPage(page, HasMore: newestFirst.Count > limit);
        }, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync("get changes", ct => ReadChangesAsync(conversationId, afterSeq, limit, ct), cancellationToken);
    }

    public async ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken) =>
        await runner.RunAsync("advance read marker", async ct =>
        {
            var conversation = await FindConversationDocumentAsync(conversationId, ct);
            if (conversation is null)
            {
                return null;
            }

            var head = await prefix.HeadAsync(conversation, ct);
            var member = await collections.Members.FindOneAndUpdateAsync(
                MemberQueries.ById(conversationId, userId), MemberQueries.AdvanceReadMarker(Math.Min(seq, head)), MemberAfter, ct);
            return member?.LastReadSeq;
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        await runner.RunAsync<IReadOnlyList<MessageRevision>>("get revisions", async ct =>
        {
            var document = await collections.Messages
                .Find(MessageQueries.ById(conversationId, messageId))
                .Project<MessageDocument>(MessageQueries.RevisionsOnly)
                .FirstOrDefaultAsync(ct);
            return document?.Revisions is not { } revisions
                ? []
                : [.. revisions.OrderBy(static r => r.ChangeSeq).Select(r => DocumentMapper.ToModel(conversationId, messageId, r))];
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync("get inbox", ct => inbox.ReadAsync(userId, limit, ct), cancellationToken);
    }

    /// <summary>The gap-free run of changes after <paramref name="afterSeq"/>, up to the visible head.</summary>
    private async Task<IReadOnlyList<Message>> ReadChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
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

    private async Task<ConversationDocument?> FindConversationDocumentAsync(string conversationId, CancellationToken cancellationToken) =>
        await collections.Conversations.Find(ConversationQueries.ById(conversationId)).FirstOrDefaultAsync(cancellationToken);

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
