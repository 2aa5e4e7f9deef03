using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BstChat.Storage.Mongo.Indexes;

/// <summary>Runs the initializer at start-up unless <see cref="MongoStoreOptions.InitializeOnStart"/> is off; a failure stops the host, as a missing unique index would break idempotent sends.</summary>
internal sealed class MongoInitializerHostedService(IBstChatMongoInitializer initializer, IOptions<MongoStoreOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.InitializeOnStart ? initializer.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
