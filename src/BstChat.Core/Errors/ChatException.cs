namespace BstChat;

/// <summary>
/// A chat operation was refused. <see cref="Code"/> is stable and machine-readable;
/// nothing was changed.
/// </summary>
public class ChatException : Exception
{
    /// <summary>Creates a chat error: BstChat's own refusals, and a host's in code built on <see cref="IChatService"/>.</summary>
    /// <param name="kind">The class of the error.</param>
    /// <param name="code">A stable code from <see cref="ChatErrorCodes"/>.</param>
    /// <param name="message">A sentence saying what was wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ChatException(ChatErrorKind kind, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    /// <summary>The class of the error.</summary>
    public ChatErrorKind Kind { get; }

    /// <summary>The stable code, one of <see cref="ChatErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>When a retry makes sense, how long to wait first.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
