namespace BstChat.Storage.Mongo;

/// <summary>Options of the MongoDB store, set through <c>AddMongoStore(o => …)</c>.</summary>
public sealed class MongoStoreOptions
{
    /// <summary>The default <see cref="CollectionPrefix"/>.</summary>
    public const string DefaultCollectionPrefix = "bstchat.";

    /// <summary>
    /// The connection string, e.g. <c>mongodb://localhost:27017</c>. When set, the store makes and
    /// owns its own client. When not set, the store uses the <c>IMongoDatabase</c> registered in
    /// the host's services, or the database named <see cref="DatabaseName"/> on the registered
    /// <c>IMongoClient</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database; defaults to the one named in <see cref="ConnectionString"/>.</summary>
    public string? DatabaseName { get; set; }

    /// <summary>Prepended to the collection names (<c>conversations</c>, <c>members</c>, <c>messages</c>, <c>changes</c>). Default <c>bstchat.</c>.</summary>
    public string CollectionPrefix { get; set; } = DefaultCollectionPrefix;

    /// <summary>
    /// How long a reserved sequence number may stay without its change before readers take its
    /// writer for dead and pass it. Longer than any write should take; default 5 s.
    /// </summary>
    public TimeSpan GapThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a hosted service creates the store's indexes at start-up (default). Turn it off
    /// when the host manages indexes itself: <see cref="IBstChatMongoInitializer"/> can then be
    /// run from a deployment step, or the indexes made as docs/mongo.md lists them.
    /// </summary>
    public bool InitializeOnStart { get; set; } = true;
}
