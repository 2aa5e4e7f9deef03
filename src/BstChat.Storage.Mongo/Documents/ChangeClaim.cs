using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// Embedded in a message while one writer makes its next change: whoever holds it decides, takes
/// the seq and applies the change, so concurrent edits and deletes of one message take their
/// seqs one after another and a writer that would change nothing takes none.
/// </summary>
internal sealed class ChangeClaim
{
    /// <summary>A token unique to the writer holding the claim.</summary>
    public string Owner { get; set; } = "";

    /// <summary>
    /// The seq the owner applied its change at; absent until then. The claim is free again once
    /// that seq's change document records this message.
    /// </summary>
    public long? Seq { get; set; }

    public static void Map(BsonClassMap<ChangeClaim> map)
    {
        map.MapMember(d => d.Owner).SetElementName("owner");
        map.MapMember(d => d.Seq).SetElementName("seq").SetIgnoreIfNull(true);
        map.SetIgnoreExtraElements(true);
    }
}
