namespace BstChat.Storage.Mongo.Writes;

/// <summary>A change applied to a message at a seq whose change document is not written yet.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="MessageId">The message changed.</param>
/// <param name="Seq">The seq the change took.</param>
/// <param name="ClaimOwner">The writer's claim on the message for an edit or delete; <see langword="null"/> for a new message, which nobody else can have claimed first.</param>
/// <param name="At">When the change was made.</param>
internal sealed record PendingChange(string ConversationId, string MessageId, long Seq, string? ClaimOwner, DateTimeOffset At)
{
    public bool IsNewMessage => ClaimOwner is null;
}
