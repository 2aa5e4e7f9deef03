using System.Globalization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// Composite string ids. A conversation id never holds '/', so joining at the first '/' is
/// unambiguous, and the <c>_id</c> index alone makes "one member per user", "one change per
/// seq" and "one send per client message id" hold even where the host manages indexes itself.
/// </summary>
internal static class DocumentIds
{
    public static string Member(string conversationId, string userId) => $"{conversationId}/{userId}";

    /// <summary>
    /// A sender's client message id in a conversation. The sender's id is length-prefixed, so no
    /// '/' in a user or client message id can make two keys equal.
    /// </summary>
    public static string SendClaim(string conversationId, string senderId, string clientMessageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}/{senderId.Length}:{senderId}/{clientMessageId}");

    public static string Change(string conversationId, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}/{seq}");
}
