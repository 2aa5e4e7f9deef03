using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

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
    /// Refuses anything but <c>application/json</c>, even for writes without a body: a browser
    /// only sends that type cross-site after a CORS preflight the site has not allowed.
    /// </summary>
    public static void RequireJsonContentType(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            throw new HttpRequestError(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType,
                "Writes must be sent as application/json.");
        }
    }

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
