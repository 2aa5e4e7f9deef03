using System.Text.Json;
using System.Text.Json.Serialization;

namespace BstChat.Bench.Driver;

/// <summary>The part of a change-feed answer a soak client reads.</summary>
internal sealed record SoakChangesDto(string Cursor, List<SoakMessageDto> Messages);

/// <summary>A message as a soak client reads it.</summary>
internal sealed record SoakMessageDto(string Id, long Seq);

/// <summary>A read marker's body.</summary>
internal sealed record ReadDto(long Seq);

/// <summary>Source-generated JSON for the soak's extra shapes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SoakChangesDto))]
[JsonSerializable(typeof(SoakMessageDto))]
[JsonSerializable(typeof(ReadDto))]
internal sealed partial class SoakJson : JsonSerializerContext;
