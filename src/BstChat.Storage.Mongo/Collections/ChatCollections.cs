using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Collections;

/// <summary>The store's collections, named with the configured prefix.</summary>
internal sealed class ChatCollections
{
    public ChatCollections(IMongoDatabase database, string prefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        DocumentClassMaps.Register();
        Names = new CollectionNames(prefix);
        // The change-feed rule reasons about one server's order of writes: read from the primary
        // whatever read preference the host's connection string asks for.
        var settings = new MongoCollectionSettings { ReadPreference = ReadPreference.Primary };
        Conversations = database.GetCollection<ConversationDocument>(Names.Conversations, settings);
        Members = database.GetCollection<MemberDocument>(Names.Members, settings);
        Messages = database.GetCollection<MessageDocument>(Names.Messages, settings);
        Changes = database.GetCollection<ChangeDocument>(Names.Changes, settings);
        SendClaims = database.GetCollection<SendClaimDocument>(Names.SendClaims, settings);
        Files = database.GetCollection<FileDocument>(Names.Files, settings);
    }

    public CollectionNames Names { get; }

    public IMongoCollection<ConversationDocument> Conversations { get; }

    public IMongoCollection<MemberDocument> Members { get; }

    public IMongoCollection<MessageDocument> Messages { get; }

    public IMongoCollection<ChangeDocument> Changes { get; }

    public IMongoCollection<SendClaimDocument> SendClaims { get; }

    /// <summary>The records of uploaded files; their content lives in the file store.</summary>
    public IMongoCollection<FileDocument> Files { get; }
}
