using System.Text.Json;
using System.Text.Json.Serialization;

namespace BstChat.Storage.EfCore.Mapping;

/// <summary>
/// A message's attachments as one JSON text column: they are read and written only with their
/// message, never queried, so a table of their own would cost a join on every history page.
/// </summary>
internal static class StoredAttachments
{
    /// <summary>The column's text, or null for a message without files (most of them).</summary>
    public static string? Write(MessageAttachments attachments) =>
        attachments.Count == 0 ? null : JsonSerializer.Serialize([.. attachments], AttachmentsJsonContext.Default.ListMessageAttachment);

    public static MessageAttachments Read(string? json) =>
        json is null ? MessageAttachments.Empty : MessageAttachments.Of(JsonSerializer.Deserialize(json, AttachmentsJsonContext.Default.ListMessageAttachment) ?? []);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<MessageAttachment>))]
internal sealed partial class AttachmentsJsonContext : JsonSerializerContext;
