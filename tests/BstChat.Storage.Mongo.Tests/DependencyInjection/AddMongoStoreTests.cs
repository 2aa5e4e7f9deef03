using BstChat.Storage.Mongo.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.DependencyInjection;

/// <summary>Registration: no server is contacted, as building a client does not connect.</summary>
public sealed class AddMongoStoreTests
{
    private const string Unreachable = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100";

    [Fact]
    public void The_store_is_a_singleton_that_depends_on_no_scoped_service()
    {
        using var provider = Build(s => s.AddBstChat().AddMongoStore(o => { o.ConnectionString = Unreachable; o.DatabaseName = "chat"; }));

        var first = provider.GetRequiredService<IMessageStore>();

        Assert.Same(first, provider.GetRequiredService<IMessageStore>());
        Assert.Equal("MongoMessageStore", first.GetType().Name);
        Assert.Same(provider.GetRequiredService<IChatStoreExport>(), provider.GetRequiredService<IChatStoreImport>());
        Assert.Equal("MongoChatFileCatalog", provider.GetRequiredService<IChatFileCatalog>().GetType().Name);
    }

    [Fact]
    public void Every_service_BstChat_needs_resolves_with_the_mongo_store_alone()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddBstChat().AddMongoStore(o => { o.ConnectionString = Unreachable; o.DatabaseName = "chat"; });

        // ValidateOnBuild activates every registration's dependencies: the file sweeper and uploads need the catalog.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Assert.NotNull(provider.GetRequiredService<IChatFileCatalog>());
    }

    [Fact]
    public void File_content_stays_on_disk_unless_GridFs_is_asked_for()
    {
        using var disk = Build(s => s.AddBstChat().AddMongoStore(o => { o.ConnectionString = Unreachable; o.DatabaseName = "chat"; }));
        using var gridFs = Build(s => s.AddBstChat().AddMongoStore(o => { o.ConnectionString = Unreachable; o.DatabaseName = "chat"; }).StoreFileContentInGridFs());

        Assert.Equal("FileSystemChatFileStore", disk.GetRequiredService<IChatFileStore>().GetType().Name);
        Assert.Equal("GridFsChatFileStore", gridFs.GetRequiredService<IChatFileStore>().GetType().Name);
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddBstChat().StoreFileContentInGridFs());
    }

    [Fact]
    public void It_replaces_a_store_registered_before_and_registers_the_initializer_once()
    {
        using var provider = Build(s => s.AddBstChat().AddInMemoryStore().AddMongoStore(o => { o.ConnectionString = Unreachable; o.DatabaseName = "chat"; }).AddMongoStore());

        Assert.DoesNotContain("InMemory", provider.GetRequiredService<IMessageStore>().GetType().Name, StringComparison.Ordinal);
        Assert.DoesNotContain("InMemory", provider.GetRequiredService<IChatFileCatalog>().GetType().Name, StringComparison.Ordinal);
        Assert.Single(provider.GetServices<IHostedService>(), h => h.GetType().Name == "MongoInitializerHostedService");
        Assert.NotNull(provider.GetRequiredService<IBstChatMongoInitializer>());
    }

    [Fact]
    public void A_connection_string_names_the_database_and_the_prefix_names_the_collections()
    {
        using var provider = Build(s => s.AddBstChat().AddMongoStore(o => { o.ConnectionString = "mongodb://127.0.0.1:1/lessons"; o.CollectionPrefix = "chat_"; }));

        var collections = provider.GetRequiredService<ChatCollections>();

        Assert.Equal("lessons", collections.Messages.Database.DatabaseNamespace.DatabaseName);
        Assert.Equal("chat_messages", collections.Messages.CollectionNamespace.CollectionName);
        Assert.Equal("chat_changes", collections.Changes.CollectionNamespace.CollectionName);
        Assert.Equal("chat_files", collections.Files.CollectionNamespace.CollectionName);
        Assert.Equal(ReadPreference.Primary, collections.Changes.Settings.ReadPreference);
    }

    [Fact]
    public void Without_a_connection_string_the_hosts_database_is_used()
    {
        using var client = new MongoClient(Unreachable);
        var database = client.GetDatabase("host_db");
        using var provider = Build(s =>
        {
            s.AddSingleton(database);
            s.AddBstChat().AddMongoStore();
        });

        Assert.Equal("host_db", provider.GetRequiredService<ChatCollections>().Members.Database.DatabaseNamespace.DatabaseName);
        Assert.Equal("bstchat.members", provider.GetRequiredService<ChatCollections>().Members.CollectionNamespace.CollectionName);
    }

    [Fact]
    public void Without_a_connection_string_a_database_name_picks_a_database_of_the_hosts_client()
    {
        using var client = new MongoClient(Unreachable);
        using var provider = Build(s =>
        {
            s.AddSingleton<IMongoClient>(client);
            s.AddBstChat().AddMongoStore(o => o.DatabaseName = "named");
        });

        Assert.Equal("named", provider.GetRequiredService<ChatCollections>().Members.Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void With_no_database_anywhere_resolving_the_store_says_what_to_configure()
    {
        using var provider = Build(s => s.AddBstChat().AddMongoStore());

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IMessageStore>());

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("IMongoDatabase", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", null, "bstchat.", 5, "not a valid MongoDB connection string")]
    [InlineData("mongodb://127.0.0.1:1", null, "bstchat.", 5, "DatabaseName is required")]
    [InlineData(null, null, "bad$prefix", 5, "CollectionPrefix")]
    [InlineData(null, null, "bstchat.", 0, "GapThreshold")]
    public void Bad_options_fail_validation(string? connectionString, string? databaseName, string prefix, int thresholdSeconds, string expected)
    {
        using var provider = Build(s => s.AddBstChat().AddMongoStore(o =>
        {
            o.ConnectionString = connectionString;
            o.DatabaseName = databaseName;
            o.CollectionPrefix = prefix;
            o.GapThreshold = TimeSpan.FromSeconds(thresholdSeconds);
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MongoStoreOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_service_runs_the_initializer_unless_switched_off()
    {
        var on = new CountingInitializer();
        var off = new CountingInitializer();
        using var withInit = Build(s => s.AddSingleton<IBstChatMongoInitializer>(on).AddBstChat().AddMongoStore());
        using var withoutInit = Build(s => s.AddSingleton<IBstChatMongoInitializer>(off).AddBstChat().AddMongoStore(o => o.InitializeOnStart = false));

        foreach (var hosted in withInit.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }

        foreach (var hosted in withoutInit.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, on.Calls);
        Assert.Equal(0, off.Calls);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private sealed class CountingInitializer : IBstChatMongoInitializer
    {
        public int Calls { get; private set; }

        public Task InitializeAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.CompletedTask;
        }
    }
}
