using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// Finds the one file of a <c>multipart/form-data</c> upload. What cannot be an acceptable upload
/// is refused before its body is read: another content type, no boundary, a cross-site form, a
/// declared length over the limit. The server's body limit is set to the file limit plus framing,
/// so a body without a declared length is cut there too.
/// </summary>
internal static class FileUploads
{
    /// <summary>What multipart framing may add to the file: boundaries and the part's headers.</summary>
    internal const long FramingAllowance = 64 * 1024;

    private const int MaxBoundaryLength = 70;

    /// <summary>The file part's name (as the client gave it) and its content.</summary>
    public static async ValueTask<(string? FileName, Stream Content)> ReadFilePartAsync(HttpRequest request, long maxFileBytes, CancellationToken cancellationToken)
    {
        var boundary = Boundary(request);
        RefuseCrossSiteForms(request);
        var limit = maxFileBytes + FramingAllowance;
        if (request.ContentLength > limit)
        {
            throw TooLarge(maxFileBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        while (await NextSectionAsync(reader, maxFileBytes, cancellationToken) is { } section)
        {
            // Form fields before the file are passed over; the first file part is the upload, and nothing after it is read.
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName;
                return (HeaderUtilities.RemoveQuotes(name).Value, new UploadBodyStream(section.Body, maxFileBytes));
            }
        }

        throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidMultipart, "The upload has no file part (a part with a filename).");
    }

    public static ChatException TooLarge(long maxFileBytes) =>
        new(ChatErrorKind.TooLarge, ChatErrorCodes.FileTooLarge, $"Files may be at most {maxFileBytes} bytes.");

    public static ChatException Truncated() =>
        new(ChatErrorKind.Invalid, ChatErrorCodes.InvalidMultipart, "The upload ended before its file did; nothing was stored.");

    private static string Boundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpRequestError(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType,
                "Upload a file as multipart/form-data with one file part.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidMultipart,
                $"The Content-Type of an upload needs a boundary of 1 to {MaxBoundaryLength} characters.");
        }

        return boundary;
    }

    /// <summary>
    /// A form on another site can post multipart/form-data with the user's cookies, so browsers' own
    /// word that the request is cross-site refuses it; a request carrying an Authorization header
    /// was made by script, which CORS already governs.
    /// </summary>
    private static void RefuseCrossSiteForms(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase)
            && !request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            throw new ChatException(ChatErrorKind.Forbidden, ChatErrorCodes.NotAllowed, "Uploads from another site's pages are refused.");
        }
    }

    private static async ValueTask<MultipartSection?> NextSectionAsync(MultipartReader reader, long maxFileBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception exception) when (UploadBodyStream.Translate(exception, maxFileBytes, cancellationToken) is { } refusal)
        {
            throw refusal;
        }
    }
}
