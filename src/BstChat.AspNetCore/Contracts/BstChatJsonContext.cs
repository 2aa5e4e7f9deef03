using System.Text.Json;
using System.Text.Json.Serialization;

namespace BstChat.AspNetCore.Contracts;

/// <summary>Source-generated JSON for every body BstChat reads or writes: camelCase, no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, MaxDepth = 16, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(FileResponse))]
[JsonSerializable(typeof(InboxResponse))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(ChangesResponse))]
[JsonSerializable(typeof(UserChangesResponse))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(RevisionsResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageRequest))]
[JsonSerializable(typeof(MarkReadRequest))]
internal sealed partial class BstChatJsonContext : JsonSerializerContext;
