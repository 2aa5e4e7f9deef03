using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using BstChat.Bench.Server;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BstChat.Bench.Ceiling;

/// <summary>
/// The ceiling BstChat's sends are measured against: the store's send SQL run raw in this
/// process, group-committed — senders queue their sends, and one writer takes every queued send
/// into one transaction and commits once. Written apart from BstChat's own group commit on
/// purpose, so a slow primitive there cannot lower the ceiling here.
/// </summary>
internal static class RawGroupCommitCeiling
{
    private const int MaxBatch = 256;

    /// <summary>Acknowledged (committed) sends per second from <paramref name="senders"/> concurrent senders.</summary>
    /// <param name="store">SQLite or PostgreSQL.</param>
    /// <param name="connectionString">A database with BstChat's schema.</param>
    /// <param name="conversations">The conversations to send into, already created; sender i uses conversation i modulo their count.</param>
    /// <param name="senders">Concurrent senders.</param>
    /// <param name="duration">How long to send.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<double> SendsPerSecondAsync(
        StoreKind store, string connectionString, IReadOnlyList<string> conversations, int senders, TimeSpan duration, CancellationToken cancellationToken)
    {
        DbProviderFactory provider = store == StoreKind.Postgres ? NpgsqlFactory.Instance : SqliteFactory.Instance;
        await using var statements = await RawSendStatements.OpenAsync(provider, connectionString, cancellationToken);
        var queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(() => WriteAsync(statements, queue.Reader, cancellationToken), cancellationToken);

        var acknowledged = 0L;
        var clock = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async sender =>
        {
            var conversation = conversations[sender % conversations.Count];
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var queued = new Queued(new RawSend(conversation, $"raw-{sender}", $"{run}-{sender}-{n}"));
                queue.Writer.TryWrite(queued);
                await queued.Committed.Task;
                Interlocked.Increment(ref acknowledged);
            }
        }));
        var perSecond = acknowledged / clock.Elapsed.TotalSeconds;
        queue.Writer.Complete();
        await writer;
        return perSecond;
    }

    private static async Task WriteAsync(RawSendStatements statements, ChannelReader<Queued> queue, CancellationToken cancellationToken)
    {
        var batch = new List<Queued>(MaxBatch);
        while (await queue.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < MaxBatch && queue.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            try
            {
                await using var transaction = await statements.Connection.BeginTransactionAsync(cancellationToken);
                foreach (var queued in batch)
                {
                    await statements.SendAsync(transaction, queued.Send, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                batch.ForEach(q => q.Committed.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(q => q.Committed.TrySetException(e));
                throw;
            }

            batch.Clear();
        }
    }

    private sealed record Queued(RawSend Send)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
