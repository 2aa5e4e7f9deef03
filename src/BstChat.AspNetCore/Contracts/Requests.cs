using System.Text.Json.Serialization;

namespace BstChat.AspNetCore.Contracts;

/// <summary>The body of a send: text, files uploaded to the conversation beforehand, or both.</summary>
internal sealed record SendMessageRequest(
    [property: JsonConverter(typeof(VerbatimStringConverter))] string? Text,
    string? ClientMessageId = null,
    List<string>? Attachments = null);

/// <summary>The body of an edit.</summary>
internal sealed record EditMessageRequest(
    [property: JsonConverter(typeof(VerbatimStringConverter))] string? Text);

/// <summary>The body of a read marker update.</summary>
internal sealed record MarkReadRequest(long? Seq);

/// <summary>A typing signal's body: nothing is read from it, so any JSON object (or no body) will do.</summary>
internal sealed record TypingRequest;
