using BstChat.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BstChat.Migration;

/// <summary>
/// Copies every conversation, member (with its read marker), message (with its id, seq,
/// change seq, timestamps, tombstone and client message id) and revision (the record of edits and
/// deletes) from one store to another, so the
/// copy's change feed continues from the same cursors. Resumable and idempotent: each run
/// compares what the target holds and writes only what differs, and a conversation's row, with
/// its <see cref="Conversation.LastSeq"/>, is written last, so an interrupted run leaves no
/// conversation looking complete before its messages are in.
/// </summary>
/// <remarks>
/// Copy from a store nobody writes to (stop the site, or copy again after stopping it: the second
/// run writes only what changed), into an empty store or an earlier copy of the same source.
/// </remarks>
public sealed class ChatStoreCopier
{
    /// <summary>The most differences a verification lists.</summary>
    public const int MaxDifferences = 100;

    private readonly IChatStoreExport _source;
    private readonly IChatStoreImport _target;
    private readonly StoredPrecision _precision;
    private readonly int _pageSize;
    private readonly ILogger _logger;

    /// <summary>Creates a copier.</summary>
    /// <param name="source">The store to read.</param>
    /// <param name="target">The store to write; empty, or an earlier copy of <paramref name="source"/>.</param>
    /// <param name="pageSize">Conversations and messages read and written per round trip.</param>
    /// <param name="logger">Where to log; nowhere by default.</param>
    public ChatStoreCopier(IChatStoreExport source, IChatStoreImport target, int pageSize = 500, ILogger<ChatStoreCopier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _source = source;
        _target = target;
        _precision = new StoredPrecision(target.TimePrecision);
        _pageSize = pageSize;
        _logger = logger ?? NullLogger<ChatStoreCopier>.Instance;
    }

    /// <summary>Copies everything, or whatever an earlier run left out or the source changed since.</summary>
    /// <param name="progress">Receives progress after each page; optional.</param>
    /// <param name="cancellationToken">Stops the copy between writes; running it again resumes.</param>
    /// <returns>What was copied.</returns>
    /// <exception cref="ChatStoreCopyException">The source changed during the copy, or the target holds other data.</exception>
    public async Task<ChatStoreCopyResult> CopyAsync(IProgress<ChatStoreCopyProgress>? progress, CancellationToken cancellationToken)
    {
        var totals = await _source.CountAsync(cancellationToken);
        ChatStoreCopyLog.CopyStarting(_logger, totals.Conversations, totals.Messages);
        var tally = new Tally(ChatStoreCopyPhase.Copying, totals, progress);
        long written = 0, members = 0;
        await foreach (var conversation in SourceConversationsAsync(cancellationToken))
        {
            var before = tally.MessagesWritten;
            var wrote = await CopyConversationAsync(conversation, tally, cancellationToken);
            members += wrote.Members;
            written += wrote.Written ? 1 : 0;
            tally.ConversationDone();
            ChatStoreCopyLog.ConversationCopied(_logger, conversation.Id, tally.MessagesWritten - before, wrote.Messages);
        }

        ChatStoreCopyLog.CopyFinished(_logger, tally.ConversationsDone, tally.MessagesWritten, tally.MessagesDone);
        return new ChatStoreCopyResult(tally.ConversationsDone, written, members, tally.MessagesDone, tally.MessagesWritten);
    }

    /// <summary>
    /// Compares the target with the source: the counts, and per conversation its row (with
    /// <see cref="Conversation.LastSeq"/>), its members and read markers, and a fingerprint of
    /// its messages. Timestamps are compared at the target's precision.
    /// </summary>
    /// <param name="progress">Receives progress after each conversation; optional.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The counts and any differences.</returns>
    public async Task<ChatStoreVerification> VerifyAsync(IProgress<ChatStoreCopyProgress>? progress, CancellationToken cancellationToken)
    {
        var sourceCounts = await _source.CountAsync(cancellationToken);
        var targetCounts = await _target.CountAsync(cancellationToken);
        var differences = new List<string>();
        if (sourceCounts != targetCounts)
        {
            differences.Add($"counts: the source holds {Describe(sourceCounts)}, the target {Describe(targetCounts)}");
        }

        var tally = new Tally(ChatStoreCopyPhase.Verifying, sourceCounts, progress);
        await foreach (var conversation in SourceConversationsAsync(cancellationToken))
        {
            if (differences.Count >= MaxDifferences)
            {
                break;
            }

            if (await CompareConversationAsync(conversation, tally, cancellationToken) is { } difference)
            {
                differences.Add(difference);
            }

            tally.ConversationDone();
        }

        foreach (var difference in differences)
        {
            ChatStoreCopyLog.Difference(_logger, difference);
        }

        return new ChatStoreVerification(sourceCounts, targetCounts, differences);
    }

    private static string Describe(ChatStoreCounts counts) =>
        $"{counts.Conversations} conversations, {counts.Members} members, {counts.Messages} messages and {counts.Revisions} revisions";

    private async IAsyncEnumerable<Conversation> SourceConversationsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? afterId = null;
        while (true)
        {
            var page = await _source.ExportConversationsAsync(afterId, _pageSize, cancellationToken);
            foreach (var conversation in page)
            {
                yield return _precision.Apply(conversation);
            }

            if (page.Count < _pageSize)
            {
                yield break;
            }

            afterId = page[^1].Id;
        }
    }

    private async Task<(bool Written, long Members, long Messages)> CopyConversationAsync(Conversation conversation, Tally tally, CancellationToken cancellationToken)
    {
        var id = conversation.Id;
        var written = false;
        var existing = await _target.ExportConversationAsync(id, cancellationToken);
        if (existing is null)
        {
            // A shell with an empty feed: the row with the real LastSeq comes after the messages.
            await _target.ImportConversationAsync(conversation with { LastSeq = 0, LastChangeAt = conversation.CreatedAt }, cancellationToken);
            written = true;
        }

        var members = await SourceMembersAsync(id, cancellationToken);
        if (!members.SequenceEqual(await TargetMembersAsync(id, cancellationToken)))
        {
            await _target.ImportMembersAsync(id, members, cancellationToken);
            written = true;
        }

        if (existing == conversation)
        {
            // Its row is written only after all its messages, and no change since moved LastSeq.
            var count = await CountMessagesAsync(_source, id, cancellationToken);
            tally.MessagesRead(id, count, written: 0);
            return (written, members.Count, count);
        }

        long messages = 0;
        long afterSeq = 0;
        while (true)
        {
            var page = await _source.ExportMessagesAsync(id, afterSeq, _pageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var held = (await _target.ExportMessagesAsync(id, afterSeq, _pageSize, cancellationToken)).ToDictionary(m => m.Seq);
            var toWrite = new List<Message>();
            foreach (var sourceMessage in page)
            {
                var message = _precision.Apply(sourceMessage);
                Check(conversation, message);
                if (!held.TryGetValue(message.Seq, out var current) || current != message)
                {
                    if (current is not null && current.Id != message.Id)
                    {
                        throw new ChatStoreCopyException(
                            $"The target already holds message {current.Id} at seq {message.Seq} of {id}, where the source has {message.Id}: copy into an empty store or an earlier copy of this source.");
                    }

                    toWrite.Add(message);
                }
            }

            if (toWrite.Count > 0)
            {
                await _target.ImportMessagesAsync(toWrite, cancellationToken);
                written = true;
            }

            messages += page.Count;
            tally.MessagesRead(id, page.Count, toWrite.Count);
            afterSeq = page[^1].Seq;
        }

        await CopyRevisionsAsync(conversation, cancellationToken);
        await _target.ImportConversationAsync(conversation, cancellationToken);
        return (true, members.Count, messages);
    }

    /// <summary>Copies the revisions the target lacks or holds differently, page by page; before the conversation's row, like the messages.</summary>
    private async Task CopyRevisionsAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        long afterChangeSeq = 0;
        while (true)
        {
            var page = await _source.ExportRevisionsAsync(conversation.Id, afterChangeSeq, _pageSize, cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            var held = (await _target.ExportRevisionsAsync(conversation.Id, afterChangeSeq, _pageSize, cancellationToken)).ToDictionary(r => r.ChangeSeq);
            var toWrite = new List<MessageRevision>();
            foreach (var sourceRevision in page)
            {
                var revision = _precision.Apply(sourceRevision);
                if (revision.ChangeSeq > conversation.LastSeq)
                {
                    throw new ChatStoreCopyException(
                        $"A revision of {conversation.Id} has change seq {revision.ChangeSeq}, past the conversation's last seq {conversation.LastSeq}: "
                        + "the source changed during the copy. Stop writing to the source and run the copy again; it resumes.");
                }

                if (!held.TryGetValue(revision.ChangeSeq, out var current) || current != revision)
                {
                    toWrite.Add(revision);
                }
            }

            if (toWrite.Count > 0)
            {
                await _target.ImportRevisionsAsync(toWrite, cancellationToken);
            }

            afterChangeSeq = page[^1].ChangeSeq;
        }
    }

    /// <summary>A message past the conversation's LastSeq was changed after the row was read.</summary>
    private static void Check(Conversation conversation, Message message)
    {
        if (message.ChangeSeq > conversation.LastSeq || message.Seq > message.ChangeSeq || message.Seq < 1)
        {
            throw new ChatStoreCopyException(
                $"Message {message.Id} in {conversation.Id} has seq {message.Seq} and change seq {message.ChangeSeq}, but the conversation's last seq is {conversation.LastSeq}: "
                + "the source changed during the copy. Stop writing to the source and run the copy again; it resumes.");
        }
    }

    private async Task<string?> CompareConversationAsync(Conversation conversation, Tally tally, CancellationToken cancellationToken)
    {
        var id = conversation.Id;
        var copy = await _target.ExportConversationAsync(id, cancellationToken);
        if (copy is null)
        {
            return $"conversation {id}: missing from the target";
        }

        if (copy != conversation)
        {
            return $"conversation {id}: the source has {conversation}, the target {copy}";
        }

        if (!(await SourceMembersAsync(id, cancellationToken)).SequenceEqual(await TargetMembersAsync(id, cancellationToken)))
        {
            return $"conversation {id}: members or read markers differ";
        }

        using var source = await FingerprintAsync(_source, id, tally, cancellationToken);
        using var target = await FingerprintAsync(_target, id, tally: null, cancellationToken);
        var (sourcePrint, targetPrint) = (source.Complete(), target.Complete());
        return source.Messages != target.Messages || source.Revisions != target.Revisions || sourcePrint != targetPrint
            ? $"conversation {id} (last seq {conversation.LastSeq}): the source has {source.Messages} messages and {source.Revisions} revisions "
                + $"(fingerprint {sourcePrint}), the target {target.Messages} and {target.Revisions} ({targetPrint})"
            : null;
    }

    private async Task<ConversationFingerprint> FingerprintAsync(IChatStoreExport store, string conversationId, Tally? tally, CancellationToken cancellationToken)
    {
        var fingerprint = new ConversationFingerprint();
        long afterSeq = 0;
        while (true)
        {
            var page = await store.ExportMessagesAsync(conversationId, afterSeq, _pageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var message in page)
            {
                fingerprint.Add(_precision.Apply(message));
            }

            tally?.MessagesRead(conversationId, page.Count, written: 0);
            afterSeq = page[^1].Seq;
        }

        long afterChangeSeq = 0;
        while (true)
        {
            var page = await store.ExportRevisionsAsync(conversationId, afterChangeSeq, _pageSize, cancellationToken);
            if (page.Count == 0)
            {
                return fingerprint;
            }

            foreach (var revision in page)
            {
                fingerprint.Add(_precision.Apply(revision));
            }

            afterChangeSeq = page[^1].ChangeSeq;
        }
    }

    private async Task<long> CountMessagesAsync(IChatStoreExport store, string conversationId, CancellationToken cancellationToken)
    {
        long count = 0;
        long afterSeq = 0;
        while (true)
        {
            var page = await store.ExportMessagesAsync(conversationId, afterSeq, _pageSize, cancellationToken);
            if (page.Count == 0)
            {
                return count;
            }

            count += page.Count;
            afterSeq = page[^1].Seq;
        }
    }

    private async Task<List<Member>> SourceMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        [.. (await _source.ExportMembersAsync(conversationId, cancellationToken)).Select(_precision.Apply).OrderBy(m => m.UserId, StringComparer.Ordinal)];

    private async Task<List<Member>> TargetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        [.. (await _target.ExportMembersAsync(conversationId, cancellationToken)).OrderBy(m => m.UserId, StringComparer.Ordinal)];

    /// <summary>Running totals, reported as they change.</summary>
    private sealed class Tally(ChatStoreCopyPhase phase, ChatStoreCounts totals, IProgress<ChatStoreCopyProgress>? progress)
    {
        public long ConversationsDone { get; private set; }

        public long MessagesDone { get; private set; }

        public long MessagesWritten { get; private set; }

        public void MessagesRead(string conversationId, long read, long written)
        {
            MessagesDone += read;
            MessagesWritten += written;
            Report(conversationId);
        }

        public void ConversationDone()
        {
            ConversationsDone++;
            Report(conversationId: null);
        }

        private void Report(string? conversationId) => progress?.Report(new ChatStoreCopyProgress(
            phase,
            ConversationsDone,
            Math.Max(totals.Conversations, ConversationsDone),
            MessagesDone,
            Math.Max(totals.Messages, MessagesDone),
            MessagesWritten,
            conversationId));
    }
}
