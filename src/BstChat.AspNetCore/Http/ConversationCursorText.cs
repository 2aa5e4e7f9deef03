using System.Globalization;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// A conversation feed's cursor as the HTTP API hands it out: the core's <c>seq.state</c> and a
/// tag of the conversation it was issued for, <c>seq.state.tag</c>, so a cursor sent to another
/// conversation's feed is refused instead of silently replaying from its number there.
/// </summary>
/// <remarks>
/// The tag is 32 bits of FNV-1a over the id: stable across processes and versions (it must
/// never change, or every client's cursor breaks at an upgrade), and enough to catch a client
/// that mixed up its cursors. It is no secret: seq numbers are not either. The untagged form
/// older versions issued is still accepted, since nothing tells which conversation it was for.
/// </remarks>
internal static class ConversationCursorText
{
    private const char Separator = '.';
    private const int TagLength = 8;

    public static string Format(string conversationId, ChatCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{cursor}{Separator}{Tag(conversationId):x8}");

    /// <summary>Parses a cursor sent to <paramref name="conversationId"/>'s feed.</summary>
    /// <returns>The cursor, or why it was refused.</returns>
    public static bool TryParse(string? text, string conversationId, out ChatCursor cursor, out bool foreign)
    {
        cursor = default;
        foreign = false;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var first = text.IndexOf(Separator, StringComparison.Ordinal);
        var last = text.LastIndexOf(Separator);
        if (first == last)
        {
            return ChatCursor.TryParse(text, out cursor);
        }

        var tag = text.AsSpan(last + 1);
        if (tag.Length != TagLength
            || !uint.TryParse(tag, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || !ChatCursor.TryParse(text.AsSpan(0, last), out cursor))
        {
            return false;
        }

        foreign = value != Tag(conversationId);
        return !foreign;
    }

    /// <summary>32-bit FNV-1a over the id's characters (ids are ASCII).</summary>
    private static uint Tag(string conversationId)
    {
        var hash = 2166136261u;
        foreach (var c in conversationId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
