namespace BstChat.Storage.Mongo.Collections;

/// <summary>The collection names for a prefix, e.g. <c>bstchat.messages</c>.</summary>
/// <param name="Prefix">The configured prefix.</param>
internal sealed record CollectionNames(string Prefix)
{
    public string Conversations => Prefix + "conversations";

    public string Members => Prefix + "members";

    public string Messages => Prefix + "messages";

    public string Changes => Prefix + "changes";

    public string SendClaims => Prefix + "send_claims";

    public string Files => Prefix + "files";

    /// <summary>The GridFS bucket of file content, when it is kept in the database: <c>bstchat.content.files</c> and <c>bstchat.content.chunks</c>.</summary>
    public string ContentBucket => Prefix + "content";
}
