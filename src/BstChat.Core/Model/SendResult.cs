namespace BstChat;

/// <summary>The outcome of a send.</summary>
/// <param name="Message">The stored message.</param>
/// <param name="Created">Whether this send stored it; <see langword="false"/> when it replayed an earlier send with the same client message id.</param>
public sealed record SendResult(Message Message, bool Created);
