using BstChat.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// The headers that keep a file someone uploaded from acting as part of the site: the browser
/// may not guess another type, may run nothing in it (a sandbox with no sources), and saves
/// rather than shows anything that is not a plain image.
/// </summary>
internal static class FileContentHeaders
{
    /// <summary>No script, style, frame or plugin, and a unique origin even if opened directly.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";

    /// <summary>
    /// Members read it again after their membership is checked again: <c>no-cache</c> revalidates
    /// every time (a 304 when the ETag matches), and no shared cache keeps it.
    /// </summary>
    public const string CacheControl = "private, no-cache";

    public static void Apply(HttpResponse response, ChatFileDownload download)
    {
        var disposition = new ContentDispositionHeaderValue(download.ShowInline ? "inline" : "attachment");
        disposition.SetHttpFileName(download.IsThumbnail ? $"{Path.GetFileNameWithoutExtension(download.File.Name)}-thumbnail.jpg" : download.File.Name);
        var headers = response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.CacheControl = CacheControl;
        headers["Cross-Origin-Resource-Policy"] = "same-site";
    }
}
