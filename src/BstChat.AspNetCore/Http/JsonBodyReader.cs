using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// Reads a JSON request body with the checks every write needs: <c>application/json</c> only
/// (a cross-site HTML form cannot send it, so cookie-authenticated sites are safe from form
/// posts), a size cap, and stable error codes for malformed input.
/// </summary>
internal static class JsonBodyReader
{
    public static async ValueTask<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        RequireJsonContentType(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }

            return Deserialize(buffer.AsSpan(0, length), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Refuses anything but <c>application/json</c>: a browser only sends that type cross-site
    /// after a CORS preflight the site has not allowed.
    /// </summary>
    private static void RequireJsonContentType(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            throw new HttpRequestError(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType,
                "Writes must be sent as application/json.");
        }
    }

    /// <summary>
    /// For a write that needs no body (a typing signal): JSON as for any write, or no body and
    /// no content type at all, as <c>curl -X POST</c> sends it. A browser may send a bodiless POST
    /// cross-site without a preflight, so one it marks <c>Sec-Fetch-Site: cross-site</c> is still
    /// refused; any other content type (a form's) is refused as before.
    /// </summary>
    public static void RequireJsonOrNoBody(HttpRequest request)
    {
        if (request.HasJsonContentType()
            || (request.ContentType is null && HasNoBody(request) && !IsCrossSite(request)))
        {
            return;
        }

        throw new HttpRequestError(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType,
            "Send this as application/json, or with no body at all.");
    }

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    private static bool IsCrossSite(HttpRequest request) =>
        string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase);

    private static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw InvalidJson("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw InvalidJson(e.Path is { Length: > 0 } path
                ? $"The body is not valid JSON of the expected shape (at {path})."
                : "The body is not valid JSON of the expected shape.");
        }
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static HttpRequestError TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, ChatErrorCodes.BodyTooLarge, $"The request body is larger than {maxBytes} bytes.");

    private static HttpRequestError InvalidJson(string message) =>
        new(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidJson, message);
}
