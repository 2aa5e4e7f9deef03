namespace BstChat.Storage.Mongo.Batching;

/// <summary>The seqs a batch takes in one conversation with one <c>$inc</c>.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Count">How many: one per write of the batch that will store a change there.</param>
/// <param name="LatestAt">The latest of those writes' times: the conversation's last change.</param>
internal readonly record struct SeqDemand(string ConversationId, int Count, DateTimeOffset LatestAt);
