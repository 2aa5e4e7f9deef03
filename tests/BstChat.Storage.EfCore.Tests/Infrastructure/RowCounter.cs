using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>Records how many rows each query read from the database, as its reader closes.</summary>
public sealed class RowCounter : DbCommandInterceptor
{
    private readonly ConcurrentQueue<int> _reads = new();

    /// <summary>Rows read by each query since the last <see cref="Clear"/>, in order.</summary>
    public IReadOnlyList<int> RowsRead => [.. _reads];

    public void Clear() => _reads.Clear();

    // ReadCount counts calls of Read(), and the last call of a reader read to its end finds no row.
    private static int Rows(DataReaderClosingEventData eventData) => Math.Max(0, eventData.ReadCount - 1);

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        _reads.Enqueue(Rows(eventData));
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        _reads.Enqueue(Rows(eventData));
        return ValueTask.FromResult(result);
    }
}
