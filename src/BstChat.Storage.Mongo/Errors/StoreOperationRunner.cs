using BstChat.Storage.Mongo.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.Mongo.Errors;

/// <summary>
/// Runs each operation of the store and of its transfer, turning the driver's transient failures
/// (no server, timeouts, elections) into <see cref="ChatStoreUnavailableException"/> so the HTTP
/// layer answers 503. Every public call goes through it, as every EF Core store call goes through
/// that store's runner: one way for both stores.
/// </summary>
internal sealed class StoreOperationRunner(ILogger<StoreOperationRunner> logger)
{
    public async Task<T> RunAsync<T>(string name, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(cancellationToken);
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            MongoStoreLog.Unavailable(logger, name, e);
            throw new ChatStoreUnavailableException($"The MongoDB store is unavailable ({name}).", e);
        }
    }

    public async Task RunAsync(string name, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        await RunAsync(name, async ct =>
        {
            await operation(ct);
            return true;
        }, cancellationToken);
}
