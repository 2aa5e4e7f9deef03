using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters and updates on send claims; every one is by <c>_id</c>.</summary>
internal static class SendClaimQueries
{
    private static FilterDefinitionBuilder<SendClaimDocument> Filter => Builders<SendClaimDocument>.Filter;

    public static FilterDefinition<SendClaimDocument> ById(string claimId) => Filter.Eq(d => d.Id, claimId);

    /// <summary>The claim while <paramref name="owner"/> holds it.</summary>
    public static FilterDefinition<SendClaimDocument> HeldBy(string claimId, string owner) =>
        Filter.And(ById(claimId), Filter.Eq(d => d.Owner, owner));

    /// <summary>Hands the claim to <paramref name="owner"/>; the message id stays, so at most one message is ever stored for it.</summary>
    public static UpdateDefinition<SendClaimDocument> TakeOver(string owner) =>
        Builders<SendClaimDocument>.Update.Set(d => d.Owner, owner);
}
