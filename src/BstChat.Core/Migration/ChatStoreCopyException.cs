namespace BstChat.Migration;

/// <summary>A copy cannot go on: the source changed under it, or the target holds other data.</summary>
public sealed class ChatStoreCopyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatStoreCopyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public ChatStoreCopyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ChatStoreCopyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
