namespace BstChat;

/// <summary>A page of history, ascending by sequence number.</summary>
/// <param name="Messages">The messages, tombstones included, ascending by <see cref="Message.Seq"/>.</param>
/// <param name="HasMore">Whether older messages exist before the first one.</param>
public sealed record HistoryPage(IReadOnlyList<Message> Messages, bool HasMore);
