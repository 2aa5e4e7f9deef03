namespace BstChat.Services;

/// <summary>
/// The ranges of the read queries' arguments, checked here only: the HTTP layer parses the query
/// string into numbers and leaves what they may be to the service, so every caller gets the same rule in the same words.
/// </summary>
internal static class QueryRanges
{
    /// <summary>A history position: a sequence number from 1 up, or none for the latest page.</summary>
    public static void Before(long? beforeSeq)
    {
        if (beforeSeq is < 1)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidBefore, "'before' is a sequence number from 1 up.");
        }
    }

    /// <summary>A page size from 1 to <paramref name="maxPageSize"/>, or none for the default.</summary>
    public static void Limit(int? limit, int maxPageSize)
    {
        if (limit is { } l && (l < 1 || l > maxPageSize))
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidLimit, $"'limit' is a whole number from 1 to {maxPageSize}.");
        }
    }

    /// <summary>How long to hold a change-feed request: from zero up (longer asks are capped, not refused).</summary>
    public static void Wait(TimeSpan wait)
    {
        if (wait < TimeSpan.Zero)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidWait, "'wait' is a number of seconds from 0 up.");
        }
    }
}
