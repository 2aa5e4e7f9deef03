using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.Mongo.Indexes;

/// <summary>Creates the indexes in <see cref="ChatIndexes"/>; <c>createIndexes</c> is a no-op for an index that exists with the same definition.</summary>
internal sealed class BstChatMongoInitializer(ChatCollections collections, ILogger<BstChatMongoInitializer> logger) : IBstChatMongoInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await collections.Members.Indexes.CreateManyAsync(ChatIndexes.Members, cancellationToken);
        await collections.Messages.Indexes.CreateManyAsync(ChatIndexes.Messages, cancellationToken);
        await collections.Changes.Indexes.CreateManyAsync(ChatIndexes.Changes, cancellationToken);
        await collections.Files.Indexes.CreateManyAsync(ChatIndexes.Files, cancellationToken);
        MongoStoreLog.IndexesEnsured(logger, collections.Names.Prefix);
    }
}
