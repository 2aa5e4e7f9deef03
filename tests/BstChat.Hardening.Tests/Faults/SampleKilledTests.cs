using BstChat.Hardening.Tests.Infrastructure;
using Npgsql;

namespace BstChat.Hardening.Tests.Faults;

/// <summary>
/// The sample process killed with SIGKILL in the middle of a burst of sends: after a restart on
/// the same store every message acknowledged with 201 is there, exactly once, in seq order, and
/// nothing is stored half-written. On PostgreSQL the kill lands inside a group commit for certain:
/// the batch has taken its seqs and is inserting its messages, uncommitted.
/// </summary>
public sealed class SampleKilledTests
{
    private const string Conversation = "lesson-1";
    private const int Senders = 4;

    /// <summary>Enough acknowledged sends that the kill lands while others are in flight.</summary>
    private const int AcknowledgedBeforeKill = 40;

    private static readonly TimeSpan AnswerBound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Killed_during_a_burst_of_sends_on_SQLite_it_restarts_with_every_acknowledged_message_once_in_order()
    {
        using var file = new TemporarySqliteFile();
        await KillDuringBurstAndRestartAsync(() => SampleProcess.OnSqliteAsync(file));
        await file.AssertIntegrityAsync();
    }

    [Fact]
    public async Task Killed_in_the_middle_of_a_batch_of_sends_on_PostgreSQL_it_restarts_with_every_acknowledged_message_once_in_order()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var batchHold = new BatchHold(postgres.ConnectionStringFor("bstchat"));
        await KillDuringBurstAndRestartAsync(() => SampleProcess.OnPostgresAsync(postgres), batchHold.HoldABatchMidwayAsync, batchHold.LetGoAsync);
    }

    /// <param name="startSample">Starts the sample on the store under test.</param>
    /// <param name="beforeKill">Runs once the burst has enough acknowledged sends, right before the kill.</param>
    /// <param name="afterKill">Runs right after the kill, before the restart.</param>
    private static async Task KillDuringBurstAndRestartAsync(
        Func<Task<SampleInstance>> startSample, Func<Task>? beforeKill = null, Func<Task>? afterKill = null)
    {
        var ledger = new SendLedger(Conversation);
        await using (var sample = await startSample())
        {
            var users = new[] { "anna", "ben", "chloe", "anna" };
            var clients = new List<HttpClient>();
            foreach (var user in users)
            {
                clients.Add(await sample.SignInAsync(user));
            }

            using var killed = new CancellationTokenSource();
            var senders = Enumerable.Range(0, Senders).Select(sender => SendUntilKilledAsync(clients[sender], users[sender], $"s{sender}")).ToList();
            while (ledger.Acknowledged.Count < AcknowledgedBeforeKill && senders.All(s => !s.IsCompleted))
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            if (beforeKill is not null)
            {
                await beforeKill();
            }

            await sample.KillAsync();
            if (afterKill is not null)
            {
                await afterKill();
            }

            await killed.CancelAsync();
            await Task.WhenAll(senders);

            async Task SendUntilKilledAsync(HttpClient client, string user, string sender)
            {
                for (var i = 0; !killed.IsCancellationRequested; i++)
                {
                    if (await ledger.SendAsync(client, user, $"burst {sender}.{i}", $"{sender}-{i}", AnswerBound) is null)
                    {
                        return;
                    }
                }
            }
        }

        ledger.AssertNoUnexpectedAnswers();
        Assert.True(ledger.Acknowledged.Count >= AcknowledgedBeforeKill);
        Assert.NotEmpty(ledger.Unacknowledged);

        await using var restarted = await startSample();
        var ben = await restarted.SignInAsync("ben");
        ledger.AssertHistory(await ledger.ReadHistoryAsync(ben));

        // The senders' outboxes retry what had no answer, with the same ids: each is stored once.
        await ledger.RetryUnacknowledgedAsync(restarted.SignInAsync, AnswerBound);
        ledger.AssertHistory(await ledger.ReadHistoryAsync(ben), mustAllBeStored: true);
    }

    /// <summary>
    /// Stops the sample's next group commit halfway, from two sessions of the test's own: one
    /// holds the conversation's row so no batch can start; the other inserts, uncommitted, a
    /// message at the next seq. Once the first lets go, the next batch locks the conversation,
    /// takes its seqs and then waits on the unique (conversation, seq) index for the second,
    /// holding everything it wrote uncommitted: a batch in the middle, for as long as it takes.
    /// </summary>
    private sealed class BatchHold(string connectionString) : IAsyncDisposable
    {
        private readonly NpgsqlConnection _rowLock = new(connectionString);
        private readonly NpgsqlConnection _blocker = new(connectionString);
        private NpgsqlTransaction? _blocking;

        public async Task HoldABatchMidwayAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            await _rowLock.OpenAsync(ct);
            await _blocker.OpenAsync(ct);
            await using (var locking = await _rowLock.BeginTransactionAsync(ct))
            {
                // NO KEY UPDATE: it excludes the store's lock (an UPDATE), not the blocker's foreign-key check.
                var lastSeq = (long)(await ScalarAsync(_rowLock, "SELECT last_seq FROM bstchat_conversations WHERE id = @id FOR NO KEY UPDATE", ct))!;
                _blocking = await _blocker.BeginTransactionAsync(ct);
                await ScalarAsync(_blocker,
                    "INSERT INTO bstchat_messages (id, conversation_id, seq, change_seq, sender_id, sender_name, text, created_at) "
                    + $"VALUES ('batch-hold', @id, {lastSeq + 1}, {lastSeq + 1}, '', 'test', 'never committed', now())",
                    ct);
                await locking.CommitAsync(ct);
            }

            // Some session of the sample's now waits inside its batch, on the blocker's uncommitted row.
            while ((long)(await ScalarAsync(_rowLock,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO%bstchat_messages%'",
                ct))! == 0)
            {
                await Task.Delay(10, ct);
            }
        }

        /// <summary>Rolls the blocker back, so the killed batch's session runs on, finds its client gone and rolls back too.</summary>
        public async Task LetGoAsync()
        {
            if (_blocking is not null)
            {
                await _blocking.RollbackAsync(TestContext.Current.CancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _rowLock.DisposeAsync();
            await _blocker.DisposeAsync();
        }

        private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", Conversation);
            return await command.ExecuteScalarAsync(ct);
        }
    }
}
