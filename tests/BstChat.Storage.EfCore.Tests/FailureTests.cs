using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>A store that cannot be reached, or that is locked for too long, says so as ChatStoreUnavailableException and writes nothing.</summary>
public sealed class FailureTests(PostgresDatabase postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_PostgreSQL_server_that_refuses_connections_surfaces_as_store_unavailable()
    {
        var store = new ClosedPortDatabase().OpenStore();

        await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await store.FindConversationAsync("c", Ct));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await store.AppendMessageAsync(ChatData.Message("c", "alice", "hi"), Ct));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await store.GetInboxAsync("alice", 100, Ct));
        var unavailable = await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await store.GetChangesAsync("c", 0, 10, Ct));
        Assert.Equal(ChatErrorCodes.StoreUnavailable, unavailable.Code);
        Assert.NotNull(unavailable.RetryAfter);
    }

    [Fact]
    public async Task A_transfer_call_while_PostgreSQL_refuses_connections_surfaces_as_store_unavailable()
    {
        var transfer = new ClosedPortDatabase().OpenTransfer();

        var unavailable = await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await transfer.CountAsync(Ct));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await transfer.ExportConversationsAsync(null, 10, Ct));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(
            async () => await transfer.ImportConversationAsync(new Conversation { Id = "c", Title = "C", CreatedAt = DateTimeOffset.UnixEpoch, LastChangeAt = DateTimeOffset.UnixEpoch }, Ct));
        Assert.Equal(ChatErrorCodes.StoreUnavailable, unavailable.Code);
    }

    [Fact]
    public async Task A_PostgreSQL_write_that_times_out_waiting_for_a_lock_surfaces_as_store_unavailable_and_writes_nothing()
    {
        postgres.RequireAvailable();
        var id = await ChatData.CreateConversationAsync(postgres.OpenStore(), "timeout");

        // Another session holds the conversation's row lock for longer than the store's command timeout.
        await using var blocker = postgres.OpenConnection();
        await using var transaction = await blocker.BeginTransactionAsync(Ct);
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM bstchat_conversations WHERE id = '{id}' FOR UPDATE", blocker, transaction))
        {
            await lockRow.ExecuteScalarAsync(Ct);
        }

        var impatient = new PostgresWithTimeout(postgres, commandTimeoutSeconds: 1);
        var store = impatient.OpenStore();
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(
            async () => await store.AppendMessageAsync(ChatData.Message(id, "alice", "hi"), Ct));

        await transaction.RollbackAsync(Ct);
        var check = postgres.OpenStore();
        Assert.Equal(0, (await check.FindConversationAsync(id, Ct))!.LastSeq);
        Assert.Empty((await check.GetHistoryAsync(id, null, 10, Ct)).Messages);
    }

    [Fact]
    public async Task A_SQLite_database_locked_for_longer_than_its_timeout_is_retried_then_surfaces_as_store_unavailable()
    {
        await using var sqlite = new SqliteDatabase { DefaultTimeoutSeconds = 1 };
        await sqlite.InitializeAsync();
        var id = await ChatData.CreateConversationAsync(sqlite.OpenStore(), "locked");

        await using (var blocker = new SqliteConnection(sqlite.ConnectionString))
        {
            await blocker.OpenAsync(Ct);
            await using var transaction = (SqliteTransaction)await blocker.BeginTransactionAsync(Ct);

            var store = sqlite.OpenStore();
            await Assert.ThrowsAsync<ChatStoreUnavailableException>(
                async () => await store.AppendMessageAsync(ChatData.Message(id, "alice", "hi"), Ct));
        }

        var check = sqlite.OpenStore();
        Assert.Equal(0, (await check.FindConversationAsync(id, Ct))!.LastSeq);
        Assert.Empty((await check.GetHistoryAsync(id, null, 10, Ct)).Messages);
    }

    /// <summary>A PostgreSQL "server" on a port nobody listens on.</summary>
    private sealed class ClosedPortDatabase : TestDatabase
    {
        public override string Name => "closed port";

        public override void Configure(DbContextOptionsBuilder options) =>
            options.UseNpgsql("Host=127.0.0.1;Port=1;Username=nobody;Password=nothing;Timeout=2");

        public override ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The run's PostgreSQL database with a short command timeout.</summary>
    private sealed class PostgresWithTimeout(PostgresDatabase database, int commandTimeoutSeconds) : TestDatabase
    {
        public override string Name => "PostgreSQL, impatient";

        public override void Configure(DbContextOptionsBuilder options) =>
            options.UseNpgsql(new NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = commandTimeoutSeconds }.ToString());

        public override ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
