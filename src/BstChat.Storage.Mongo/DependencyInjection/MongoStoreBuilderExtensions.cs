using BstChat;
using BstChat.Storage;
using BstChat.Storage.Mongo;
using BstChat.Storage.Mongo.Batching;
using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.DependencyInjection;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.Files;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Inbox;
using BstChat.Storage.Mongo.Indexes;
using BstChat.Storage.Mongo.Transfer;
using BstChat.Storage.Mongo.Writes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the MongoDB store.</summary>
public static class MongoStoreBuilderExtensions
{
    /// <summary>
    /// Stores chat in MongoDB 5.0 or later; a standalone <c>mongod</c> is enough. The store is a
    /// singleton and depends on no scoped service. Unless
    /// <see cref="MongoStoreOptions.InitializeOnStart"/> is turned off, a hosted service creates
    /// the indexes at start-up. Replaces any store registered before, with its
    /// <see cref="IChatFileCatalog"/> (file records, in their own collection; their content stays in
    /// the file store), and its <see cref="IChatStoreExport"/> and <see cref="IChatStoreImport"/> for copying chat between stores.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <param name="configure">
    /// Sets the connection string and database name, or leaves them unset to use the
    /// <c>IMongoDatabase</c> (or <c>IMongoClient</c> with a database name) from the host's services.
    /// </param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddMongoStore(this BstChatBuilder builder, Action<MongoStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<MongoStoreOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MongoStoreOptions>, MongoStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MongoDatabaseSource>();
        services.TryAddSingleton(static sp => new ChatCollections(
            sp.GetRequiredService<MongoDatabaseSource>().Database,
            sp.GetRequiredService<IOptions<MongoStoreOptions>>().Value.CollectionPrefix));
        services.TryAddSingleton<GapObservations>(static _ => new GapObservations());
        services.TryAddSingleton<GapFiller>();
        services.TryAddSingleton<VisiblePrefix>();
        services.TryAddSingleton<SeqReservations>();
        services.TryAddSingleton<ChangePublisher>();
        services.TryAddSingleton<SendWriter>();
        services.TryAddSingleton<UpdateWriter>();
        services.TryAddSingleton<BatchClaims>();
        services.TryAddSingleton<BatchCommitter>();
        services.TryAddSingleton<BatchedWrites>();
        services.TryAddSingleton<InboxReader>();
        services.TryAddSingleton<StoreOperationRunner>();
        services.TryAddSingleton<MongoMessageStore>();
        services.TryAddSingleton<IBstChatMongoInitializer, BstChatMongoInitializer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MongoInitializerHostedService>());
        services.Replace(ServiceDescriptor.Singleton<IMessageStore>(static sp => sp.GetRequiredService<MongoMessageStore>()));
        services.TryAddSingleton<MongoChatFileCatalog>();
        services.Replace(ServiceDescriptor.Singleton<IChatFileCatalog>(static sp => sp.GetRequiredService<MongoChatFileCatalog>()));
        services.TryAddSingleton<MongoStoreTransfer>();
        services.Replace(ServiceDescriptor.Singleton<IChatStoreExport>(static sp => sp.GetRequiredService<MongoStoreTransfer>()));
        services.Replace(ServiceDescriptor.Singleton<IChatStoreImport>(static sp => sp.GetRequiredService<MongoStoreTransfer>()));
        return builder;
    }

    /// <summary>
    /// Keeps file content in the MongoDB store's database, in a GridFS bucket named with the
    /// collection prefix (<c>bstchat.content.files</c> and <c>bstchat.content.chunks</c>), instead
    /// of on local disk: every instance of a scaled-out host then sees the same files, and a
    /// database backup holds them. Call it after <see cref="AddMongoStore"/>. Replaces any file store registered before.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat().AddMongoStore(…)</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException"><see cref="AddMongoStore"/> was not called before.</exception>
    public static BstChatBuilder StoreFileContentInGridFs(this BstChatBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(static d => d.ServiceType == typeof(MongoMessageStore)))
        {
            throw new InvalidOperationException("StoreFileContentInGridFs() keeps content in the MongoDB store's database: call AddMongoStore(…) before it.");
        }

        builder.Services.TryAddSingleton<GridFsChatFileStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatFileStore>(static sp => sp.GetRequiredService<GridFsChatFileStore>()));
        return builder;
    }
}
