using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Errors;

/// <summary>Sorts the driver's exceptions into the few kinds the store acts on.</summary>
internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;

    /// <summary>A unique index (or <c>_id</c>) refused the write: another writer got there first.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(static e => e.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };

    /// <summary>
    /// The server could not be reached or answered too late: worth retrying later, so callers see
    /// <see cref="ChatStoreUnavailableException"/>. Bad credentials are configuration, not transient.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        MongoAuthenticationException => false,
        MongoConnectionException or MongoConnectionPoolPausedException or MongoWaitQueueFullException => true,
        MongoExecutionTimeoutException or MongoNotPrimaryException or MongoNodeIsRecoveringException => true,
        // Server selection timeouts are TimeoutException; so are a pool's checkout timeouts.
        TimeoutException => true,
        _ => false,
    };
}
