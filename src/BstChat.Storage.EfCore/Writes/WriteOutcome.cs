namespace BstChat.Storage.EfCore.Writes;

/// <summary>
/// What one write of a batch answers: the message as it stands after the write (for a replay,
/// the first send's message), or <see langword="null"/> for an unknown conversation or message;
/// <see cref="Created"/> for a send that stored a new message.
/// </summary>
internal readonly record struct WriteOutcome(Message? Message, bool Created);
