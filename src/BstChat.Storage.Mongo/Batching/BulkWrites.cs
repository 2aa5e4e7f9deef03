using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// A batch's writes to one collection in one round trip: unordered, so one refused write (a
/// duplicate key) neither stops nor undoes the others, each answered by its index.
/// </summary>
internal static class BulkWrites
{
    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false };

    /// <summary>Runs the writes; a failure that is not one write's (the server went away, a write concern error) is thrown.</summary>
    public static async Task<BulkOutcome> RunAsync<T>(IMongoCollection<T> collection, IReadOnlyList<WriteModel<T>> writes)
    {
        if (writes.Count == 0)
        {
            return new BulkOutcome(0, new Dictionary<int, BulkWriteError>(), null);
        }

        try
        {
            var result = await collection.BulkWriteAsync(writes, Unordered, CancellationToken.None);
            return new BulkOutcome(result.ModifiedCount, new Dictionary<int, BulkWriteError>(), null);
        }
        catch (MongoBulkWriteException<T> e) when (e.WriteConcernError is null)
        {
            return new BulkOutcome(e.Result.ModifiedCount, e.WriteErrors.ToDictionary(static w => w.Index), e);
        }
    }
}

/// <summary>What a bulk write did.</summary>
/// <param name="Modified">How many documents its updates changed.</param>
/// <param name="Errors">The refused writes, by their index in the bulk write.</param>
/// <param name="Exception">The driver's exception carrying those errors, for the writes that fail with it.</param>
internal sealed record BulkOutcome(long Modified, IReadOnlyDictionary<int, BulkWriteError> Errors, MongoBulkWriteException? Exception)
{
    /// <summary>Whether every one of <paramref name="count"/> updates changed its document, so none needs reading back.</summary>
    public bool ModifiedAll(int count) => Errors.Count == 0 && Modified == count;

    public bool IsDuplicate(int index) => Errors.TryGetValue(index, out var error) && error.Category == ServerErrorCategory.DuplicateKey;
}
