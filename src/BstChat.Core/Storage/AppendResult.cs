namespace BstChat.Storage;

/// <summary>The outcome of appending a message.</summary>
/// <param name="Message">The stored message: the new one, or the one first stored under the same client message id.</param>
/// <param name="Created">Whether this call stored it; <see langword="false"/> for a replay.</param>
public sealed record AppendResult(Message Message, bool Created);
