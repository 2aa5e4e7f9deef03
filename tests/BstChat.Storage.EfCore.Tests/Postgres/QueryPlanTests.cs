using BstChat.Storage.EfCore.Tests.Infrastructure;
using Npgsql;

namespace BstChat.Storage.EfCore.Tests.Postgres;

/// <summary>
/// On a conversation of 100,000 messages, the SQL the store really sends for the change feed,
/// history and inbox reads an index range, never the whole table.
/// </summary>
public sealed class QueryPlanTests(PostgresDatabase database)
{
    private const int MessageCount = 100_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_history_and_inbox_queries_use_their_indexes_on_a_large_conversation()
    {
        database.RequireAvailable();
        var recorder = new CommandRecorder();
        var store = database.OpenStore(recorder);
        var id = await ChatData.CreateConversationAsync(store, "plan", "reader");
        await BulkInsertAsync(id);
        // Counting unread messages costs one index entry per unread message, so the reader is nearly caught up.
        await store.AdvanceReadMarkerAsync(id, "reader", MessageCount - 20, Ct);

        recorder.Clear();
        var changes = await store.GetChangesAsync(id, MessageCount - 150, 200, Ct);
        var changesPlan = await ExplainAsync(Assert.Single(recorder.Commands));
        recorder.Clear();
        var history = await store.GetHistoryAsync(id, MessageCount / 2, 50, Ct);
        var historyPlan = await ExplainAsync(Assert.Single(recorder.Commands));
        recorder.Clear();
        var inbox = await store.GetInboxAsync("reader", 100, Ct);
        var inboxPlan = await ExplainAsync(Assert.Single(recorder.Commands));

        Assert.Equal(150, changes.Count);
        Assert.Equal(50, history.Messages.Count);
        Assert.Equal(20, Assert.Single(inbox).UnreadCount);
        AssertReadsIndex(changesPlan, "ix_bstchat_messages_conversation_change_seq");
        AssertReadsIndex(historyPlan, "ix_bstchat_messages_conversation_seq");
        AssertReadsIndex(inboxPlan, "ix_bstchat_messages_conversation_seq");
    }

    private static void AssertReadsIndex(string plan, string index)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(plan);
        Assert.Matches($"(Index Scan|Index Scan Backward|Index Only Scan|Index Only Scan Backward|Bitmap Index Scan) (using|on) {index}", plan);
        Assert.DoesNotContain("Seq Scan on bstchat_messages", plan, StringComparison.Ordinal);
    }

    /// <summary>Fills the conversation in one statement, then refreshes the planner's statistics.</summary>
    private async Task BulkInsertAsync(string conversationId)
    {
        await using var connection = database.OpenConnection();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO bstchat_messages (id, conversation_id, seq, change_seq, sender_id, sender_name, text, created_at)
            SELECT 'bulk-' || g || '-' || $1, $1, g, g, 'writer', 'Writer', 'message ' || g, now()
            FROM generate_series(1, $2) AS g;
            """,
            connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        insert.Parameters.Add(new NpgsqlParameter { Value = MessageCount });
        insert.CommandTimeout = 300;
        await insert.ExecuteNonQueryAsync(Ct);

        await using var update = new NpgsqlCommand("UPDATE bstchat_conversations SET last_seq = $2 WHERE id = $1", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        update.Parameters.Add(new NpgsqlParameter { Value = (long)MessageCount });
        await update.ExecuteNonQueryAsync(Ct);

        await using var analyze = new NpgsqlCommand("ANALYZE bstchat_messages; ANALYZE bstchat_members; ANALYZE bstchat_conversations;", connection);
        await analyze.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>EXPLAINs a recorded command with the very parameters it was sent with.</summary>
    private async Task<string> ExplainAsync(RecordedCommand command)
    {
        await using var connection = database.OpenConnection();
        await using var explain = new NpgsqlCommand("EXPLAIN " + command.Text, connection);
        foreach (var parameter in command.Parameters)
        {
            explain.Parameters.Add((NpgsqlParameter)parameter);
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
