namespace BstChat.Backplane;

/// <summary>
/// Holds who is typing where for every server instance of one site. A store of short-lived
/// entries only: BstChat decides what is shown (live entries, ordered, the next expiry) and keeps
/// every entry in this instance's memory too, which answers while the backplane is away. Register
/// one with <c>AddTypingBackplane&lt;T&gt;()</c>; <c>BstChat.Redis</c> ships one.
/// </summary>
/// <remarks>
/// No method throws because the transport is away, nor waits long on it: each answers at once
/// as described, and BstChat falls back to this instance's own typing state. (An exception is
/// treated the same way, and logged.)
/// </remarks>
public interface ITypingBackplane
{
    /// <summary>
    /// Records or renews a user's entry in a conversation. Keep it at least until
    /// <see cref="TypingEntry.ExpiresAt"/>, which is <see cref="BstChatOptions.TypingTimeout"/>
    /// from now; dropping it some time after is the backplane's own clean-up.
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="entry">The user and when their entry expires.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetAsync(string conversationId, TypingEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a user's entry from a conversation, as when their message arrives.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry removed, expired or not; <see langword="null"/> when there was none or the backplane is away.</returns>
    ValueTask<TypingEntry?> RemoveAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Reads a conversation's entries.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Every entry held, in any order, expired ones allowed (they are not shown); empty when nobody
    /// types; <see langword="null"/> when the backplane is away, so this instance's own state answers.
    /// </returns>
    ValueTask<IReadOnlyCollection<TypingEntry>?> GetAsync(string conversationId, CancellationToken cancellationToken);
}
