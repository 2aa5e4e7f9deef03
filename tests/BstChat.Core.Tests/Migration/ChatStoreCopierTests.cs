using BstChat.Storage.Specification;
using BstChat.Migration;
using BstChat.Storage;
using BstChat.Storage.InMemory;
using Xunit;

namespace BstChat.Core.Tests.Migration;

/// <summary>The copier between two in-memory stores: exact copies, resuming, re-running and verification.</summary>
public sealed class ChatStoreCopierTests
{
    private readonly InMemoryMessageStore _source = new();
    private readonly InMemoryMessageStore _target = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_holds_every_row_exactly_and_verifies_identical()
    {
        await SourceChat.FillAsync(_source);

        var result = await new ChatStoreCopier(_source, _target, pageSize: 3).CopyAsync(null, Cancellation);
        var verification = await new ChatStoreCopier(_source, _target).VerifyAsync(null, Cancellation);

        (await StoreContents.ReadAsync(_target)).AssertSameAs(await StoreContents.ReadAsync(_source));
        Assert.Equal(new ChatStoreCopyResult(Conversations: 3, ConversationsWritten: 3, Members: 6, Messages: 21, MessagesWritten: 21), result);
        Assert.True(verification.IsIdentical, string.Join(Environment.NewLine, verification.Differences));
        Assert.Equal(new ChatStoreCounts(3, 6, 21, 6), verification.Target);
    }

    [Fact]
    public async Task The_copy_continues_the_change_feed_from_the_same_seq()
    {
        await SourceChat.FillAsync(_source);
        var cursor = (await _source.FindConversationAsync("lesson-1", Cancellation))!.LastSeq;
        await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);

        var sent = await _target.AppendMessageAsync(
            new NewMessage { Id = "after", ConversationId = "lesson-1", SenderId = "ben", SenderName = "BEN", Text = "on the copy", CreatedAt = DateTimeOffset.UnixEpoch },
            Cancellation);

        Assert.Equal(cursor + 1, sent!.Message.Seq);
        Assert.Equal([sent.Message], await _target.GetChangesAsync("lesson-1", cursor, 100, Cancellation));
    }

    [Fact]
    public async Task Copying_again_writes_nothing_and_changes_nothing()
    {
        await SourceChat.FillAsync(_source);
        await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);
        var first = await StoreContents.ReadAsync(_target);

        var again = await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);

        Assert.Equal(new ChatStoreCopyResult(3, ConversationsWritten: 0, Members: 6, Messages: 21, MessagesWritten: 0), again);
        (await StoreContents.ReadAsync(_target)).AssertSameAs(first);
    }

    [Fact]
    public async Task A_cancelled_copy_resumes_where_it_stopped_and_ends_identical()
    {
        await SourceChat.FillAsync(_source);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        // Cancelled once the second conversation's first page is written.
        var progress = new SyncProgress<ChatStoreCopyProgress>(p =>
        {
            if (p.ConversationsDone == 1 && p.MessagesWritten > 7)
            {
                stop.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ChatStoreCopier(_source, _target, pageSize: 3).CopyAsync(progress, stop.Token));
        var halfway = await new ChatStoreCopier(_source, _target).VerifyAsync(null, Cancellation);
        var interrupted = (await _target.FindConversationAsync("lesson-1", Cancellation))!;
        var interruptedFeed = await _target.GetChangesAsync("lesson-1", 0, 100, Cancellation);
        var resumed = await new ChatStoreCopier(_source, _target, pageSize: 3).CopyAsync(null, Cancellation);

        Assert.False(halfway.IsIdentical);
        // The half-copied conversation's row is still the shell: its feed shows nothing half-copied.
        Assert.Equal(0, interrupted.LastSeq);
        Assert.Empty(interruptedFeed);
        Assert.Equal(21 - 7 - 3, resumed.MessagesWritten);
        (await StoreContents.ReadAsync(_target)).AssertSameAs(await StoreContents.ReadAsync(_source));
        Assert.True((await new ChatStoreCopier(_source, _target).VerifyAsync(null, Cancellation)).IsIdentical);
    }

    [Fact]
    public async Task Copying_after_the_source_changed_writes_only_the_changes()
    {
        await SourceChat.FillAsync(_source);
        await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);
        await _source.UpdateMessageAsync(new MessageUpdate { ConversationId = "lesson-2", MessageId = "lesson-2-m5", NewText = "later", At = DateTimeOffset.UnixEpoch, ChangedBy = "alice" }, Cancellation);
        await _source.AdvanceReadMarkerAsync("lesson-0", "ben", 6, Cancellation);

        var again = await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);

        Assert.Equal((2L, 1L), (again.ConversationsWritten, again.MessagesWritten));
        (await StoreContents.ReadAsync(_target)).AssertSameAs(await StoreContents.ReadAsync(_source));
    }

    [Fact]
    public async Task Verification_names_the_conversation_that_differs()
    {
        await SourceChat.FillAsync(_source);
        await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);
        var message = (await _target.FindMessageAsync("lesson-1", "lesson-1-m3", Cancellation))!;
        await _target.ImportMessagesAsync([message with { Text = "tampered" }], Cancellation);

        var verification = await new ChatStoreCopier(_source, _target).VerifyAsync(null, Cancellation);

        Assert.Contains("conversation lesson-1 ", Assert.Single(verification.Differences), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_counts_what_only_the_target_holds()
    {
        await SourceChat.FillAsync(_source);
        await new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation);
        await _target.CreateConversationAsync(new Conversation { Id = "extra", Title = "Extra", CreatedAt = DateTimeOffset.UnixEpoch, LastChangeAt = DateTimeOffset.UnixEpoch }, Cancellation);

        var verification = await new ChatStoreCopier(_source, _target).VerifyAsync(null, Cancellation);

        Assert.StartsWith("counts: ", Assert.Single(verification.Differences), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_changed_during_the_copy_stops_it_with_advice()
    {
        await SourceChat.FillAsync(_source, conversations: 1);
        var reports = 0;
        var progress = new SyncProgress<ChatStoreCopyProgress>(_ =>
        {
            if (++reports == 1)
            {
                // After the first page of lesson-0 was read, a message of its second page changes.
                _source.UpdateMessageAsync(new MessageUpdate { ConversationId = "lesson-0", MessageId = "lesson-0-m4", NewText = "racing", At = DateTimeOffset.UnixEpoch, ChangedBy = "alice" }, Cancellation).AsTask().Wait(Cancellation);
            }
        });

        var error = await Assert.ThrowsAsync<ChatStoreCopyException>(() => new ChatStoreCopier(_source, _target, pageSize: 3).CopyAsync(progress, Cancellation));

        Assert.Contains("run the copy again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_holding_other_messages_at_the_same_seqs_is_refused()
    {
        await SourceChat.FillAsync(_source, conversations: 1);
        await _target.CreateConversationAsync(new Conversation { Id = "lesson-0", Title = "Other", CreatedAt = DateTimeOffset.UnixEpoch, LastChangeAt = DateTimeOffset.UnixEpoch }, Cancellation);
        await _target.AppendMessageAsync(new NewMessage { Id = "other", ConversationId = "lesson-0", SenderId = "x", SenderName = "X", Text = "other data", CreatedAt = DateTimeOffset.UnixEpoch }, Cancellation);

        var error = await Assert.ThrowsAsync<ChatStoreCopyException>(() => new ChatStoreCopier(_source, _target).CopyAsync(null, Cancellation));

        Assert.Contains("empty store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coarser_target_is_compared_at_its_own_precision()
    {
        await SourceChat.FillAsync(_source);
        var coarse = new MillisecondStore();

        await new ChatStoreCopier(_source, coarse).CopyAsync(null, Cancellation);
        var verification = await new ChatStoreCopier(_source, coarse).VerifyAsync(null, Cancellation);
        var again = await new ChatStoreCopier(_source, coarse).CopyAsync(null, Cancellation);

        Assert.True(verification.IsIdentical, string.Join(Environment.NewLine, verification.Differences));
        Assert.Equal((0L, 0L), (again.ConversationsWritten, again.MessagesWritten));
        var copied = (await coarse.ExportMessagesAsync("lesson-0", 0, 1, Cancellation))[0];
        var original = (await _source.ExportMessagesAsync("lesson-0", 0, 1, Cancellation))[0];
        Assert.NotEqual(original.CreatedAt, copied.CreatedAt);
        Assert.Equal(original with { CreatedAt = copied.CreatedAt }, copied);
    }

    [Fact]
    public async Task Progress_reaches_the_totals_in_both_phases()
    {
        await SourceChat.FillAsync(_source);
        var progress = new SyncProgress<ChatStoreCopyProgress>(_ => { });

        var copier = new ChatStoreCopier(_source, _target, pageSize: 4);
        await copier.CopyAsync(progress, Cancellation);
        await copier.VerifyAsync(progress, Cancellation);

        foreach (var phase in new[] { ChatStoreCopyPhase.Copying, ChatStoreCopyPhase.Verifying })
        {
            var last = progress.Reports.Last(p => p.Phase == phase);
            Assert.Equal((3L, 3L, 21L, 21L), (last.ConversationsDone, last.ConversationsTotal, last.MessagesDone, last.MessagesTotal));
        }
    }
}
