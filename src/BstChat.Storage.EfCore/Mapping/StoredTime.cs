namespace BstChat.Storage.EfCore.Mapping;

/// <summary>Timestamps as every provider can keep them: UTC, to the microsecond (PostgreSQL's precision).</summary>
internal static class StoredTime
{
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    public static DateTimeOffset? Normalize(DateTimeOffset? value) => value is { } v ? Normalize(v) : null;
}
