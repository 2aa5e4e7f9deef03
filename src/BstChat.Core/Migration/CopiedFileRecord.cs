namespace BstChat.Migration;

/// <summary>
/// Whether a target's file record is the source's: every field equal, the times to the
/// millisecond, the coarsest any store keeps them (MongoDB's dates), so a record a store rounded
/// is not copied again on every run.
/// </summary>
internal static class CopiedFileRecord
{
    public static bool Matches(ChatFile held, ChatFile source) =>
        held with { CreatedAt = source.CreatedAt, StateChangedAt = source.StateChangedAt } == source
        && SameMillisecond(held.CreatedAt, source.CreatedAt)
        && SameMillisecond(held.StateChangedAt, source.StateChangedAt);

    private static bool SameMillisecond(DateTimeOffset a, DateTimeOffset b) =>
        a.UtcTicks / TimeSpan.TicksPerMillisecond == b.UtcTicks / TimeSpan.TicksPerMillisecond;
}
