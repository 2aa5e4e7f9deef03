using System.Collections.Concurrent;
using System.Data.Common;
using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>The change-feed rule and idempotent sends under real concurrency, on each database.</summary>
public abstract class ConcurrencyTests(TestDatabase database)
{
    private const int Writers = 8;
    private const int MessagesPerWriter = 250;
    private const int Readers = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Parallel_writers_take_every_seq_once_and_readers_only_ever_see_a_gap_free_prefix()
    {
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "race");

        const int total = Writers * MessagesPerWriter;
        var writersDone = 0;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var store = database.OpenStore();
            var seqs = new List<long>(MessagesPerWriter);
            for (var i = 0; i < MessagesPerWriter; i++)
            {
                seqs.Add((await ChatData.SendAsync(store, conversationId, $"writer-{w}", $"message {i}")).Seq);
            }

            Interlocked.Increment(ref writersDone);
            return seqs;
        }, Ct)).ToList();

        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            var store = database.OpenStore();
            long cursor = 0;
            var polls = 0;
            while (cursor < total)
            {
                // The conversation's LastSeq is a safe cursor: everything up to it can be read now.
                var lastSeq = (await store.FindConversationAsync(conversationId, Ct))!.LastSeq;
                var reachable = cursor;
                while (reachable < lastSeq)
                {
                    var changes = await store.GetChangesAsync(conversationId, reachable, 50, Ct);
                    Assert.NotEmpty(changes);
                    Assert.Equal(
                        Enumerable.Range(0, changes.Count).Select(i => reachable + 1 + i),
                        changes.Select(m => m.ChangeSeq));
                    reachable = changes[^1].ChangeSeq;
                }

                // Reading past LastSeq finds only a gap-free run too.
                var beyond = await store.GetChangesAsync(conversationId, reachable, 200, Ct);
                Assert.Equal(Enumerable.Range(0, beyond.Count).Select(i => reachable + 1 + i), beyond.Select(m => m.ChangeSeq));
                cursor = beyond.Count > 0 ? beyond[^1].ChangeSeq : reachable;
                polls++;
                if (Volatile.Read(ref writersDone) == Writers && cursor < total)
                {
                    Assert.Equal(total, (await store.FindConversationAsync(conversationId, Ct))!.LastSeq);
                }
            }

            return polls;
        }, Ct)).ToList();

        var seqs = (await Task.WhenAll(writers)).SelectMany(s => s).Order().ToList();
        var polls = await Task.WhenAll(readers);

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seqs);
        Assert.All(polls, p => Assert.True(p > 1, "Readers should have polled while the writers were writing."));
        var check = database.OpenStore();
        Assert.Equal(total, (await check.FindConversationAsync(conversationId, Ct))!.LastSeq);
        var history = await check.GetHistoryAsync(conversationId, null, total + 10, Ct);
        Assert.Equal(total, history.Messages.Count);
        Assert.False(history.HasMore);
    }

    [Fact]
    public async Task Parallel_replays_of_one_client_message_id_store_exactly_one_message()
    {
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "replay");

        for (var round = 0; round < 10; round++)
        {
            var clientId = $"client-{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                var store = database.OpenStore();
                return await store.AppendMessageAsync(ChatData.Message(conversationId, "alice", "hello", clientId), Ct);
            }, Ct)));

            Assert.Single(results, r => r!.Created);
            Assert.Single(results.Select(r => r!.Message.Id).Distinct());
        }

        var check = database.OpenStore();
        var history = await check.GetHistoryAsync(conversationId, null, 100, Ct);
        Assert.Equal(10, history.Messages.Count);
        // Losing replays gave their sequence numbers back.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), history.Messages.Select(m => m.Seq));
        Assert.Equal(10, (await check.FindConversationAsync(conversationId, Ct))!.LastSeq);
    }

    [Fact]
    public async Task Concurrent_edits_and_deletes_of_one_message_each_take_their_own_seq_and_a_tombstone_stays_deleted()
    {
        var setup = database.OpenStore();
        var conversationId = await ChatData.CreateConversationAsync(setup, "edits");
        var message = await ChatData.SendAsync(setup, conversationId, "alice", "v0");

        var results = new ConcurrentBag<Message>();
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            var store = database.OpenStore();
            var update = new MessageUpdate
            {
                ConversationId = conversationId,
                MessageId = message.Id,
                NewText = i == 5 ? null : $"v{i}",
                At = DateTimeOffset.UtcNow,
                ChangedBy = "alice",
            };
            results.Add((await store.UpdateMessageAsync(update, Ct))!);
        }, Ct)));

        var check = database.OpenStore();
        var final = (await check.FindMessageAsync(conversationId, message.Id, Ct))!;
        var lastSeq = (await check.FindConversationAsync(conversationId, Ct))!.LastSeq;
        Assert.True(final.IsDeleted);
        Assert.Equal("", final.Text);
        Assert.Equal(lastSeq, final.ChangeSeq);
        // Each edit before the delete took its own seq (after the send's 1 and before the delete's);
        // the edits after it changed nothing and answered with the tombstone.
        var editSeqs = results.Select(r => r.ChangeSeq).Where(s => s != final.ChangeSeq).Order().ToList();
        Assert.Equal(Enumerable.Range(2, (int)lastSeq - 2).Select(i => (long)i), editSeqs);
        Assert.Equal([final], await check.GetChangesAsync(conversationId, 0, 10, Ct));
    }
}

public sealed class SqliteConcurrencyTests(SqliteDatabase database) : ConcurrencyTests(database);

public sealed class PostgresConcurrencyTests(PostgresDatabase database) : ConcurrencyTests(database);

/// <summary>A conflict on the client message id index that the conversation's lock cannot prevent, on PostgreSQL.</summary>
public sealed class PostgresReplayConflictTests(PostgresDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_send_refused_by_the_unique_index_after_a_row_was_stored_without_the_lock_answers_with_that_row()
    {
        var conversationId = await ChatData.CreateConversationAsync(database.OpenStore(), "lost-race");

        // Right after the send read for earlier copies of its client message id under the
        // conversation's lock, a writer that does not take that lock (an import, say) stores one.
        // Only PostgreSQL can interleave so: SQLite's lock is the whole database's.
        var foreignId = Guid.NewGuid().ToString("N");
        var interleave = new AfterFirstCommand("client_message_id", async () =>
        {
            await using var connection = database.OpenConnection();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO bstchat_messages (id, conversation_id, seq, change_seq, sender_id, sender_name, text, client_message_id, created_at) "
                + "VALUES (@id, @conversation, 1000, 1000, 'alice', 'alice', 'imported', 'same', now())",
                connection);
            insert.Parameters.AddWithValue("id", foreignId);
            insert.Parameters.AddWithValue("conversation", conversationId);
            await insert.ExecuteNonQueryAsync(Ct);
        });
        var recorder = new CommandRecorder();
        var store = database.OpenStore(interleave, recorder);

        var result = await store.AppendMessageAsync(ChatData.Message(conversationId, "alice", "hello", "same"), Ct);

        Assert.Contains(recorder.Commands, c => c.Text.StartsWith("INSERT INTO", StringComparison.Ordinal));
        Assert.False(result!.Created);
        Assert.Equal((foreignId, "imported"), (result.Message.Id, result.Message.Text));
        Assert.Equal(0, (await store.FindConversationAsync(conversationId, Ct))!.LastSeq);
        Assert.Equal([foreignId], (await store.GetHistoryAsync(conversationId, null, 10, Ct)).Messages.Select(m => m.Id));
    }

    /// <summary>Runs an action once, right after the first command whose text contains a marker has executed.</summary>
    private sealed class AfterFirstCommand(string marker, Func<Task> action) : DbCommandInterceptor
    {
        private int _done;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(marker, StringComparison.Ordinal) && Interlocked.Exchange(ref _done, 1) == 0)
            {
                await action();
            }

            return result;
        }
    }
}

public sealed class SqliteWithoutUpdateReturningConcurrencyTests(SqliteDatabase database) : ConcurrencyTests(new WithoutUpdateReturning(database));

public sealed class PostgresWithoutUpdateReturningConcurrencyTests(PostgresDatabase database) : ConcurrencyTests(new WithoutUpdateReturning(database));
