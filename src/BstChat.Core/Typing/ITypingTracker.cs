namespace BstChat.Typing;

/// <summary>
/// Who is typing where. Typing is state, not part of the change feed: entries expire after
/// <see cref="BstChatOptions.TypingTimeout"/> unless renewed.
/// </summary>
public interface ITypingTracker
{
    /// <summary>Marks a user as typing in a conversation, renewing their expiry.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="user">The user typing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetTypingAsync(string conversationId, TypingUser user, CancellationToken cancellationToken);

    /// <summary>Clears a user's typing entry, as when their message arrives.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the user was shown as typing.</returns>
    ValueTask<bool> ClearAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Reads who is typing now.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users typing and when the first of them expires.</returns>
    ValueTask<TypingSnapshot> GetTypingAsync(string conversationId, CancellationToken cancellationToken);
}
