using BstChat.Storage.Mongo.Documents;

namespace BstChat.Storage.Mongo.GapFree;

/// <summary>
/// Turns change documents inside the gap-free prefix into the feed's answer. A message is
/// returned at the change document whose seq equals its current <c>change_seq</c>, and nowhere
/// else: that returns each message once, in its current state, in change order. A change document
/// whose message has since moved on is superseded (the message comes at its later seq, or is held
/// back until that seq is visible); one without a message carries no change.
/// </summary>
internal static class ChangeSelection
{
    /// <param name="changes">Change documents inside the prefix, ascending by seq.</param>
    /// <param name="messages">The current state of the messages they name, by id.</param>
    /// <param name="room">The most messages to return.</param>
    public static IReadOnlyList<MessageDocument> Select(
        IReadOnlyList<ChangeDocument> changes,
        IReadOnlyDictionary<string, MessageDocument> messages,
        int room)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(messages);
        var selected = new List<MessageDocument>();
        foreach (var change in changes)
        {
            if (selected.Count >= room)
            {
                break;
            }

            if (change.MessageId is { } id
                && messages.TryGetValue(id, out var message)
                && message.ChangeSeq == change.Seq)
            {
                selected.Add(message);
            }
        }

        return selected;
    }
}
