namespace BstChat.Feed;

/// <summary>
/// Estimates what a shared read keeps alive on the managed heap: UTF-16 strings with their object
/// headers, plus each object's own fields. An estimate on the high side, so that a full budget
/// means at most that much memory.
/// </summary>
internal static class SharedReadSize
{
    // An object header and method table pointer, and a string's length field and terminator.
    private const int ObjectOverhead = 24;
    private const int StringOverhead = ObjectOverhead + 6;

    // A message's fields besides its strings (two longs, three optional times, references), and a list slot.
    private const int MessageFields = 8 * 12;

    // A member's fields besides its strings, its read marker and their list slots.
    private const int MemberFields = 8 * 10;

    public static long Of(IReadOnlyList<Message> messages)
    {
        long bytes = ObjectOverhead + (8L * messages.Count);
        foreach (var message in messages)
        {
            bytes += ObjectOverhead + MessageFields
                + String(message.Id) + String(message.ConversationId) + String(message.SenderId)
                + String(message.SenderName) + String(message.Text) + String(message.ClientMessageId);
        }

        return bytes;
    }

    public static long Of(ConversationHead head)
    {
        long bytes = (ObjectOverhead * 4) + String(head.Conversation.Id) + String(head.Conversation.Title);
        foreach (var member in head.Members)
        {
            bytes += (ObjectOverhead * 2) + MemberFields + String(member.ConversationId) + String(member.UserId) + String(member.DisplayName);
        }

        foreach (var user in head.Typing.Users)
        {
            bytes += ObjectOverhead + String(user.UserId) + String(user.DisplayName);
        }

        return bytes;
    }

    private static long String(string? value) => value is null ? 0 : StringOverhead + (2L * value.Length);
}
