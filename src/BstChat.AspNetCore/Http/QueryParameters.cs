using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// Parses query parameters strictly, so a malformed value is a 400 with a stable code rather than
/// a silent default. Only the form is checked here; what a number may be (a page size up to
/// <see cref="BstChatOptions.MaxPageSize"/>, a position from 1 up) is the chat service's rule,
/// worded there once for every caller.
/// </summary>
internal static class QueryParameters
{
    private const long MaxWaitSeconds = 24 * 60 * 60;

    /// <summary>A conversation feed's cursor; one issued for another conversation is refused.</summary>
    public static ChatCursor? Cursor(HttpRequest request, string conversationId)
    {
        if (!request.Query.TryGetValue("cursor", out var values))
        {
            return null;
        }

        var foreign = false;
        if (values.Count == 1 && ConversationCursorText.TryParse(values[0], conversationId, out var cursor, out foreign))
        {
            return cursor;
        }

        throw foreign
            ? Malformed(ChatErrorCodes.InvalidCursor, "'cursor' belongs to another conversation's feed: ask without one to start this conversation's.")
            : Malformed(ChatErrorCodes.InvalidCursor, "'cursor' must be a cursor returned by this API.");
    }

    public static UserCursor? UserCursor(HttpRequest request)
    {
        if (!request.Query.TryGetValue("cursor", out var values))
        {
            return null;
        }

        return values.Count == 1 && BstChat.UserCursor.TryParse(values[0], out var cursor)
            ? cursor
            : throw Malformed(ChatErrorCodes.InvalidCursor, "'cursor' must be a cursor returned by this API's user feed.");
    }

    public static TimeSpan Wait(HttpRequest request) =>
        // Any whole number is a valid ask; the service caps it at MaxWait, so cap here only to stay in TimeSpan's range.
        Whole(request, "wait", ChatErrorCodes.InvalidWait, maxDigits: 18) is { } seconds
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxWaitSeconds))
            : TimeSpan.Zero;

    public static long? Before(HttpRequest request) => Whole(request, "before", ChatErrorCodes.InvalidBefore, maxDigits: 18);

    public static int? Limit(HttpRequest request) => (int?)Whole(request, "limit", ChatErrorCodes.InvalidLimit, maxDigits: 9);

    /// <summary>The parameter as a whole number of ASCII digits (no sign, no white space, no exponent), or <see langword="null"/> when absent.</summary>
    private static long? Whole(HttpRequest request, string name, string code, int maxDigits)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        var text = values.Count == 1 ? values[0] : null;
        return !string.IsNullOrEmpty(text) && text.Length <= maxDigits && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Malformed(code, $"'{name}' is a whole number, written in digits only.");
    }

    private static HttpRequestError Malformed(string code, string message) => new(StatusCodes.Status400BadRequest, code, message);
}
