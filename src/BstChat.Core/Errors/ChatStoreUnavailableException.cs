namespace BstChat;

/// <summary>
/// The store could not be reached or timed out. Stores throw it for transient failures so the
/// HTTP layer answers 503 with Retry-After; the write it interrupted left nothing behind.
/// </summary>
public sealed class ChatStoreUnavailableException : ChatException
{
    /// <summary>The retry delay suggested when the store gives none.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Wraps a transient store failure.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The provider's exception.</param>
    public ChatStoreUnavailableException(string message, Exception? innerException = null)
        : base(ChatErrorKind.Unavailable, ChatErrorCodes.StoreUnavailable, message, innerException)
    {
        RetryAfter = DefaultRetryAfter;
    }
}
