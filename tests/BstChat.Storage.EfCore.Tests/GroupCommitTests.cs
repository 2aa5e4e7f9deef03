using System.Data.Common;
using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>
/// Group commit on each database: writes that arrive while a commit is held open go together into
/// the next transaction, a bad write fails alone, and stores of two processes on one database
/// stay gap-free. Held commits, not timing, decide what is batched.
/// </summary>
public abstract class GroupCommitTests(TestDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sends_arriving_while_a_commit_is_held_open_are_committed_together_in_one_transaction_in_arrival_order()
    {
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "batch");
        var gate = new CommitGate();
        var store = database.OpenStore(gate);

        var first = store.AppendMessageAsync(ChatData.Message(conversationId, "alice", "first"), Ct).AsTask();
        await gate.FirstCommitHeld.WaitAsync(Ct);
        // Queued by the time each call returns: the batcher takes them only once the held commit is done.
        var later = Enumerable.Range(1, 10)
            .Select(i => store.AppendMessageAsync(ChatData.Message(conversationId, $"user{i % 3}", $"later {i}"), Ct).AsTask())
            .ToList();
        gate.Release();

        Assert.Equal(1, (await first)!.Message.Seq);
        var results = await Task.WhenAll(later);
        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), results.Select(r => r!.Message.Seq));
        Assert.Equal(2, gate.Commits);
        var history = await store.GetHistoryAsync(conversationId, null, 100, Ct);
        Assert.Equal(results.Select(r => r!.Message).Prepend((await first)!.Message), history.Messages);
    }

    [Fact]
    public async Task Edits_and_deletes_batched_with_sends_apply_as_they_would_one_after_the_other()
    {
        var setup = database.OpenStore();
        var conversationId = await ChatData.CreateConversationAsync(setup, "batch-edits");
        var target = await ChatData.SendAsync(setup, conversationId, "alice", "v0");
        var other = await ChatData.SendAsync(setup, conversationId, "alice", "other");
        var gate = new CommitGate();
        var store = database.OpenStore(gate);

        var first = store.AppendMessageAsync(ChatData.Message(conversationId, "bob", "first"), Ct).AsTask();
        await gate.FirstCommitHeld.WaitAsync(Ct);
        var edit = store.UpdateMessageAsync(Change(conversationId, target.Id, "v1"), Ct).AsTask();
        var sameText = store.UpdateMessageAsync(Change(conversationId, target.Id, "v1"), Ct).AsTask();
        var send = store.AppendMessageAsync(ChatData.Message(conversationId, "bob", "sent", "c-1"), Ct).AsTask();
        var delete = store.UpdateMessageAsync(Change(conversationId, target.Id, null), Ct).AsTask();
        var editOfTombstone = store.UpdateMessageAsync(Change(conversationId, target.Id, "v2"), Ct).AsTask();
        var replay = store.AppendMessageAsync(ChatData.Message(conversationId, "bob", "sent again", "c-1"), Ct).AsTask();
        var editOfOther = store.UpdateMessageAsync(Change(conversationId, other.Id, "other, edited"), Ct).AsTask();
        var missing = store.UpdateMessageAsync(Change(conversationId, "no-such-message", "x"), Ct).AsTask();
        gate.Release();
        await first;

        Assert.Equal(("v1", 4L), ((await edit)!.Text, (await edit)!.ChangeSeq));
        Assert.Equal(await edit, await sameText);
        Assert.Equal(5, (await send)!.Message.Seq);
        var tombstone = (await delete)!;
        Assert.Equal(("", 6L, true), (tombstone.Text, tombstone.ChangeSeq, tombstone.IsDeleted));
        Assert.Equal(tombstone, await editOfTombstone);
        Assert.Equal(new AppendResult((await send)!.Message, Created: false), await replay);
        Assert.Equal(7, (await editOfOther)!.ChangeSeq);
        Assert.Null(await missing);
        Assert.Equal(2, gate.Commits);

        Assert.Equal(7, (await store.FindConversationAsync(conversationId, Ct))!.LastSeq);
        Assert.Equal(tombstone, await store.FindMessageAsync(conversationId, target.Id, Ct));
        Assert.Equal(await editOfOther, await store.FindMessageAsync(conversationId, other.Id, Ct));
        var revisions = await store.GetRevisionsAsync(conversationId, target.Id, Ct);
        Assert.Equal([(4L, "v0", MessageRevisionKind.Edited), (6L, "v1", MessageRevisionKind.Deleted)],
            revisions.Select(r => (r.ChangeSeq, r.PreviousText, r.Kind)));
        Assert.Equal(
            [(await first)!.Message, (await send)!.Message, tombstone, (await editOfOther)!],
            await store.GetChangesAsync(conversationId, 2, 10, Ct));
    }

    [Fact]
    public async Task A_write_whose_statement_fails_inside_a_batch_fails_alone_and_the_others_are_stored_gap_free()
    {
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "poison");
        var gate = new CommitGate();
        var store = database.OpenStore(gate, new FailStatementsWithValue("poison"));

        var first = store.AppendMessageAsync(ChatData.Message(conversationId, "alice", "first"), Ct).AsTask();
        await gate.FirstCommitHeld.WaitAsync(Ct);
        var later = new[] { "a", "b", "poison", "c", "d" }
            .Select(text => store.AppendMessageAsync(ChatData.Message(conversationId, "alice", text, clientMessageId: $"c-{text}"), Ct).AsTask())
            .ToList();
        gate.Release();
        await first;

        await Assert.ThrowsAsync<PoisonedStatementException>(() => later[2]);
        var stored = await Task.WhenAll(later.Where((_, i) => i != 2));
        Assert.Equal(["a", "b", "c", "d"], stored.Select(r => r!.Message.Text));
        Assert.Equal([2L, 3L, 4L, 5L], stored.Select(r => r!.Message.Seq));
        Assert.All(stored, r => Assert.True(r!.Created));
        var history = await store.GetHistoryAsync(conversationId, null, 100, Ct);
        Assert.Equal(stored.Select(r => r!.Message).Prepend((await first)!.Message), history.Messages);
        Assert.Equal(5, (await store.FindConversationAsync(conversationId, Ct))!.LastSeq);
    }

    [Fact]
    public async Task Two_store_instances_on_one_database_sending_and_replaying_into_one_conversation_stay_gap_free_without_duplicates()
    {
        const int CallersPerInstance = 16;
        const int Rounds = 25;
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "two-instances");
        // Two factories and two stores, as two server processes have them.
        IMessageStore[] instances = [database.OpenStore(), database.OpenStore()];

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 2 * CallersPerInstance).Select(caller => Task.Run(async () =>
        {
            await gate.Task;
            var store = instances[caller % 2];
            var results = new List<(NewMessage Draft, AppendResult Result)>();
            for (var round = 0; round < Rounds; round++)
            {
                // Callers 2k and 2k+1 send the same client message ids, one through each instance.
                var draft = ChatData.Message(conversationId, $"user{caller / 2}", $"{caller}/{round}", clientMessageId: $"r{round}");
                results.Add((draft, (await store.AppendMessageAsync(draft, Ct))!));
            }

            return results;
        }, Ct)).ToList();
        gate.SetResult();
        var all = (await Task.WhenAll(callers)).SelectMany(r => r).ToList();

        var history = (await instances[0].GetHistoryAsync(conversationId, null, int.MaxValue, Ct)).Messages;
        Assert.Equal(CallersPerInstance * Rounds, history.Count);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Seq));
        Assert.Equal(history.Count, (await instances[1].FindConversationAsync(conversationId, Ct))!.LastSeq);
        var stored = history.ToDictionary(m => m.Id);
        Assert.All(all, a => Assert.Equal(stored[a.Result.Message.Id], a.Result.Message));
        Assert.All(all.GroupBy(a => (a.Draft.SenderId, a.Draft.ClientMessageId)), copies => Assert.Single(copies, c => c.Result.Created));
    }

    [Fact]
    public async Task A_replay_whose_first_send_commits_while_it_waits_for_the_lock_answers_with_it_and_takes_no_seq()
    {
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "replay-waits");
        var winnerGate = new CommitGate();
        var winnerStore = database.OpenStore(winnerGate);
        var recorder = new CommandRecorder();
        var loserGate = new CommitGate();
        var loserStore = database.OpenStore(recorder, loserGate);

        // The first send holds the conversation (and on SQLite the database) while its commit is held.
        var winner = winnerStore.AppendMessageAsync(ChatData.Message(conversationId, "alice", "hello", "same"), Ct).AsTask();
        await winnerGate.FirstCommitHeld.WaitAsync(Ct);
        var loser = loserStore.AppendMessageAsync(ChatData.Message(conversationId, "alice", "hello again", "same"), Ct).AsTask();
        await loserGate.FirstTransactionBegun.WaitAsync(Ct);
        await database.WaitUntilAWriterWaitsForALockAsync(Ct);
        winnerGate.Release();
        loserGate.Release();

        var first = (await winner)!;
        var replay = (await loser)!;
        Assert.True(first.Created);
        Assert.Equal(new AppendResult(first.Message, Created: false), replay);
        Assert.DoesNotContain(recorder.Commands, c => c.Text.StartsWith("INSERT INTO", StringComparison.Ordinal));
        Assert.Equal(1, (await loserStore.FindConversationAsync(conversationId, Ct))!.LastSeq);
    }

    private static MessageUpdate Change(string conversationId, string messageId, string? text) => new()
    {
        ConversationId = conversationId,
        MessageId = messageId,
        NewText = text,
        At = DateTimeOffset.UtcNow,
        ChangedBy = "alice",
    };

    /// <summary>Fails every command that carries a parameter of the given value, as a bad row would.</summary>
    private sealed class FailStatementsWithValue(string value) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Carries(command) ? throw new PoisonedStatementException() : ValueTask.FromResult(result);

        private bool Carries(DbCommand command) => command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, value));
    }

    private sealed class PoisonedStatementException() : Exception("A statement carried the poisoned value.");
}

public sealed class SqliteGroupCommitTests(SqliteDatabase database) : GroupCommitTests(database);

public sealed class PostgresGroupCommitTests(PostgresDatabase database) : GroupCommitTests(database);

public sealed class SqliteWithoutUpdateReturningGroupCommitTests(SqliteDatabase database) : GroupCommitTests(new WithoutUpdateReturning(database));

public sealed class PostgresWithoutUpdateReturningGroupCommitTests(PostgresDatabase database) : GroupCommitTests(new WithoutUpdateReturning(database));
