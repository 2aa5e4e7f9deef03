namespace BstChat;

/// <summary>The class of a chat error; the HTTP layer maps each to one status code.</summary>
public enum ChatErrorKind
{
    /// <summary>The input was malformed or out of range (400).</summary>
    Invalid,

    /// <summary>No such conversation or message, or the caller is not a member (404).</summary>
    NotFound,

    /// <summary>The caller is a member but may not do this (403).</summary>
    Forbidden,

    /// <summary>The request contradicts the current state (409).</summary>
    Conflict,

    /// <summary>The caller is over a limit (429).</summary>
    RateLimited,

    /// <summary>The store could not be reached; nothing was written (503).</summary>
    Unavailable,

    /// <summary>The upload is larger than allowed (413).</summary>
    TooLarge,

    /// <summary>The upload's content is of a type that is not allowed (415).</summary>
    UnsupportedType,

    /// <summary>The input is well formed but cannot be accepted: a scanner refused a file, or a send names files it may not attach (422).</summary>
    Unprocessable,
}
