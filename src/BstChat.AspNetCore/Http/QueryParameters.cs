using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Http;

/// <summary>Parses query parameters strictly, so a malformed value is a 400 with a stable code rather than a silent default.</summary>
internal static class QueryParameters
{
    private const long MaxWaitSeconds = 24 * 60 * 60;

    public static ChatCursor? Cursor(HttpRequest request)
    {
        if (!request.Query.TryGetValue("cursor", out var values))
        {
            return null;
        }

        return values.Count == 1 && ChatCursor.TryParse(values[0], out var cursor)
            ? cursor
            : throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidCursor, "'cursor' must be a cursor returned by this API.");
    }

    public static TimeSpan Wait(HttpRequest request)
    {
        if (!request.Query.TryGetValue("wait", out var values))
        {
            return TimeSpan.Zero;
        }

        // Any whole number is a valid ask; the service caps it at MaxWait, so cap here only to stay in TimeSpan's range.
        return values.Count == 1 && TryParseWhole(values[0], maxDigits: 18, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxWaitSeconds))
            : throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidWait, "'wait' is a whole number of seconds from 0 up.");
    }

    public static long? Before(HttpRequest request)
    {
        if (!request.Query.TryGetValue("before", out var values))
        {
            return null;
        }

        return values.Count == 1 && TryParseWhole(values[0], maxDigits: 18, out var seq) && seq >= 1
            ? seq
            : throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidBefore, "'before' is a sequence number from 1 up.");
    }

    public static int? Limit(HttpRequest request, int maxPageSize)
    {
        if (!request.Query.TryGetValue("limit", out var values))
        {
            return null;
        }

        return values.Count == 1 && TryParseWhole(values[0], maxDigits: 9, out var limit) && limit >= 1 && limit <= maxPageSize
            ? (int)limit
            : throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidLimit, $"'limit' is a whole number from 1 to {maxPageSize}.");
    }

    /// <summary>ASCII digits only: no sign, no white space, no exponent.</summary>
    private static bool TryParseWhole(string? text, int maxDigits, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > maxDigits || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
