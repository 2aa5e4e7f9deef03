namespace BstChat.AspNetCore.Contracts;

/// <summary>The body of a send.</summary>
internal sealed record SendMessageRequest(string? Text, string? ClientMessageId);

/// <summary>The body of an edit.</summary>
internal sealed record EditMessageRequest(string? Text);

/// <summary>The body of a read marker update.</summary>
internal sealed record MarkReadRequest(long? Seq);
