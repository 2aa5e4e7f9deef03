using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// Times are BSON dates: UTC with millisecond precision. Values are truncated before they are
/// stored, so what a write returns equals what a later read returns.
/// </summary>
internal static class StoredTime
{
    public static readonly IBsonSerializer<DateTime> Serializer = new DateTimeSerializer(DateTimeKind.Utc);

    public static readonly IBsonSerializer<DateTime?> NullableSerializer = new NullableSerializer<DateTime>(new DateTimeSerializer(DateTimeKind.Utc));

    public static DateTime ToStored(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static DateTime? ToStored(DateTimeOffset? time) => time is { } t ? ToStored(t) : null;

    public static DateTimeOffset FromStored(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static DateTimeOffset? FromStored(DateTime? time) => time is { } t ? FromStored(t) : null;
}
