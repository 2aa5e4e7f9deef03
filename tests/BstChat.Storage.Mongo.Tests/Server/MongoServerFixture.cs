using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// A MongoDB server to test against, with a fresh database holding the store, registered as a
/// host would and with its indexes made by the initializer; every database it hands out is
/// dropped at the end. The server is the one named by <c>BSTCHAT_MONGO_URL</c> when that is set
/// (a real mongod); otherwise the MongoDB emulator of tests/MongoEmulator, started here and
/// stopped with the fixture. The emulator is mongomock behind a wire-protocol front, not mongod:
/// docs/mongo.md lists what only a real server verifies.
/// </summary>
public sealed class MongoServerFixture : IAsyncLifetime
{
    public const string UrlVariable = "BSTCHAT_MONGO_URL";

    private readonly ConcurrentBag<string> _databases = [];
    private MongoEmulatorProcess? _emulator;
    private MongoClient? _client;
    private ServiceProvider? _services;

    /// <summary>Why the server tests cannot run here, or <see langword="null"/> when they can.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>What the tests run against, for test output: a real server, or the emulator.</summary>
    public string Server { get; private set; } = "";

    /// <summary>The server's connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The store, or <see langword="null"/> when no server is available.</summary>
    public IMessageStore? Store { get; private set; }

    /// <summary>The store's export and import, or <see langword="null"/> when no server is available.</summary>
    public IChatStoreImport? Transfer { get; private set; }

    /// <summary>The store's file records, or <see langword="null"/> when no server is available.</summary>
    public IChatFileCatalog? Catalog { get; private set; }

    /// <summary>The file store kept in the store's database (GridFS), or <see langword="null"/> when no server is available.</summary>
    public IChatFileStore? FileStore { get; private set; }

    /// <summary>The store's database.</summary>
    public IMongoDatabase? Database { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            Server = $"the MongoDB server at {UrlVariable}";
        }
        else if (await MongoEmulatorProcess.FindSkipReasonAsync(cancellationToken) is { } reason)
        {
            SkipReason = reason;
            return;
        }
        else
        {
            _emulator = await MongoEmulatorProcess.StartAsync(cancellationToken);
            url = _emulator.ConnectionString;
            Server = $"the MongoDB emulator (mongomock behind tests/MongoEmulator, not mongod) at {url}";
        }

        try
        {
            ConnectionString = url;
            _client = new MongoClient(url);
            Database = _client.GetDatabase(NewDatabaseName());
            var services = new ServiceCollection();
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
            services.AddSingleton(Database);
            // Far away: the specification's concurrent writers must never be taken for dead because a
            // busy machine (or the single-threaded emulator) stalled a batch; DeadWriterTests and
            // GroupCommitTests set short thresholds of their own where taking over is the point.
            services.AddBstChat().AddMongoStore(o => o.GapThreshold = TimeSpan.FromMinutes(10)).StoreFileContentInGridFs();
            _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            await _services.GetRequiredService<IBstChatMongoInitializer>().InitializeAsync(cancellationToken);
            Store = _services.GetRequiredService<IMessageStore>();
            Transfer = _services.GetRequiredService<IChatStoreImport>();
            Catalog = _services.GetRequiredService<IChatFileCatalog>();
            FileStore = _services.GetRequiredService<IChatFileStore>();
        }
        catch
        {
            // A fixture that failed to start is not disposed by the runner: stop the emulator here.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A database name no other run uses; it is dropped with the fixture.</summary>
    public string NewDatabaseName()
    {
        var name = $"bstchat_test_{Guid.NewGuid():N}";
        _databases.Add(name);
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_services is not null)
            {
                await _services.DisposeAsync();
            }

            if (_client is not null)
            {
                foreach (var name in _databases)
                {
                    await _client.DropDatabaseAsync(name);
                }
            }
        }
        finally
        {
            _client?.Dispose();
            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }
    }
}
