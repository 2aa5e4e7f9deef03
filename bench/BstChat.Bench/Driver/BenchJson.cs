using System.Text.Json;
using System.Text.Json.Serialization;

namespace BstChat.Bench.Driver;

/// <summary>The part of a change-feed answer the driver reads.</summary>
internal sealed record ChangesDto(string Cursor, List<MessageDto> Messages, bool HasMore);

/// <summary>A received message: its text carries the send timestamp.</summary>
internal sealed record MessageDto(string Text);

/// <summary>A send's body; the idempotency key as a real client sends it, or none.</summary>
internal sealed record SendDto(string Text, string? ClientMessageId = null);

/// <summary>Source-generated JSON, so parsing costs the load generator little CPU.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChangesDto))]
[JsonSerializable(typeof(SendDto))]
internal sealed partial class BenchJson : JsonSerializerContext;
