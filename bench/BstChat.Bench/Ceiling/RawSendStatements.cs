using System.Data.Common;

namespace BstChat.Bench.Ceiling;

/// <summary>
/// The EF Core store's send as plain ADO.NET on one connection: the replay lookup by client
/// message id, the next seq by <c>UPDATE … RETURNING</c>, the insert. The same SQL shape
/// BstChat runs, minus everything around it (HTTP, EF, the service's checks), prepared once.
/// </summary>
internal sealed class RawSendStatements : IAsyncDisposable
{
    private readonly DbCommand _replay;
    private readonly DbCommand _nextSeq;
    private readonly DbCommand _insert;

    private RawSendStatements(DbConnection connection)
    {
        Connection = connection;
        _replay = Command(
            "SELECT id FROM bstchat_messages WHERE conversation_id = @c AND sender_id = @s AND client_message_id = @k",
            "c", "s", "k");
        _nextSeq = Command(
            "UPDATE bstchat_conversations SET last_seq = last_seq + 1, last_change_at = @at WHERE id = @c RETURNING last_seq",
            "c", "at");
        _insert = Command(
            "INSERT INTO bstchat_messages (id, conversation_id, seq, change_seq, sender_id, sender_name, text, client_message_id, created_at) "
            + "VALUES (@id, @c, @seq, @seq, @s, @s, @text, @k, @at)",
            "id", "c", "seq", "s", "text", "k", "at");
    }

    public DbConnection Connection { get; }

    public static async Task<RawSendStatements> OpenAsync(DbProviderFactory provider, string connectionString, CancellationToken cancellationToken)
    {
        var connection = provider.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);
        return new RawSendStatements(connection);
    }

    /// <summary>Stores one send inside the caller's transaction, as the store does.</summary>
    public async Task SendAsync(DbTransaction transaction, RawSend send, CancellationToken cancellationToken)
    {
        var at = TimeProvider.System.GetUtcNow();
        Bind(_replay, transaction, send.Conversation, send.Sender, send.ClientMessageId);
        if (await _replay.ExecuteScalarAsync(cancellationToken) is not null)
        {
            throw new InvalidOperationException($"The raw ceiling's client message id {send.ClientMessageId} was sent twice.");
        }

        Bind(_nextSeq, transaction, send.Conversation, at);
        var seq = (long)(await _nextSeq.ExecuteScalarAsync(cancellationToken))!;
        Bind(_insert, transaction, Guid.NewGuid().ToString("N"), send.Conversation, seq, send.Sender, "bench message", send.ClientMessageId, at);
        await _insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _replay.DisposeAsync();
        await _nextSeq.DisposeAsync();
        await _insert.DisposeAsync();
        await Connection.DisposeAsync();
    }

    private static void Bind(DbCommand command, DbTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private DbCommand Command(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
