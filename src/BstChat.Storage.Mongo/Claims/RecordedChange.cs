namespace BstChat.Storage.Mongo.Claims;

/// <summary>What a writer found at a seq: whether its change document records the claimed message's change.</summary>
internal readonly record struct RecordedChange(long Seq, bool RecordsMessage);
