namespace BstChat.Storage.Mongo;

/// <summary>
/// Creates the MongoDB store's indexes, each under a fixed name. Idempotent: running it again,
/// or from several instances at once, changes nothing. Run at start-up by default; see
/// <see cref="MongoStoreOptions.InitializeOnStart"/>.
/// </summary>
public interface IBstChatMongoInitializer
{
    /// <summary>Creates any of the store's indexes that do not exist yet.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when every index exists.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);
}
