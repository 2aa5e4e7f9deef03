namespace BstChat.Migration;

/// <summary>
/// Rows as a store with a given timestamp precision keeps them, so the copier compares like with
/// like: copying to MongoDB (milliseconds) from an EF Core store (microseconds) is exact at
/// MongoDB's precision, and a second copy finds nothing to write.
/// </summary>
internal sealed class StoredPrecision(TimeSpan precision)
{
    private readonly long _ticks = precision > TimeSpan.Zero
        ? precision.Ticks
        : throw new ArgumentOutOfRangeException(nameof(precision), precision, "A store's time precision must be positive.");

    public DateTimeOffset Apply(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % _ticks), TimeSpan.Zero);
    }

    public DateTimeOffset? Apply(DateTimeOffset? value) => value is { } v ? Apply(v) : null;

    public Conversation Apply(Conversation conversation) =>
        conversation with { CreatedAt = Apply(conversation.CreatedAt), LastChangeAt = Apply(conversation.LastChangeAt) };

    public Member Apply(Member member) => member with { JoinedAt = Apply(member.JoinedAt) };

    public Message Apply(Message message) => message with
    {
        CreatedAt = Apply(message.CreatedAt),
        EditedAt = Apply(message.EditedAt),
        DeletedAt = Apply(message.DeletedAt),
    };

    public MessageRevision Apply(MessageRevision revision) => revision with { ChangedAt = Apply(revision.ChangedAt) };
}
