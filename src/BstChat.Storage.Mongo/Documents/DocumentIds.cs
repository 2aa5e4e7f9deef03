using System.Globalization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// Composite string ids. A conversation id never holds '/', so joining at the first '/' is
/// unambiguous, and the <c>_id</c> index alone makes "one member per user" and "one change per
/// seq" hold even where the host manages indexes itself.
/// </summary>
internal static class DocumentIds
{
    public static string Member(string conversationId, string userId) => $"{conversationId}/{userId}";

    public static string Change(string conversationId, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}/{seq}");
}
