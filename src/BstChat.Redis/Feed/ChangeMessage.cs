namespace BstChat.Redis.Feed;

/// <summary>
/// A notification on the changes channel: <c>"{instanceId} {conversationId}"</c>. A conversation
/// id never holds a space, so the first space splits the two.
/// </summary>
internal static class ChangeMessage
{
    public static string Format(string instanceId, string conversationId) => $"{instanceId} {conversationId}";

    public static bool TryParse(string? message, out string instanceId, out string conversationId)
    {
        var space = message?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (space <= 0 || space == message!.Length - 1)
        {
            instanceId = conversationId = "";
            return false;
        }

        instanceId = message[..space];
        conversationId = message[(space + 1)..];
        return true;
    }
}
