namespace BstChat.Storage.EfCore.Writes;

/// <summary>What a batch read, under its conversations' locks, before deciding anything.</summary>
/// <param name="LastSeqs">The last seq of each conversation of the batch that exists.</param>
/// <param name="Messages">
/// Stored messages the batch may need: earlier sends with a client message id of the batch's
/// sends, and the targets of its edits and deletes. Extra messages are harmless.
/// </param>
internal sealed record BatchState(IReadOnlyDictionary<string, long> LastSeqs, IReadOnlyList<Message> Messages);
