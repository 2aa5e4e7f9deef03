namespace BstChat.Bench.Ceiling;

/// <summary>One send of the raw ceiling: which conversation, from whom, under which idempotency key.</summary>
internal sealed record RawSend(string Conversation, string Sender, string ClientMessageId);
