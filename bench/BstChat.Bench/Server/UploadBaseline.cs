using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BstChat.Bench.Server;

/// <summary>
/// The baseline for the upload scenario: Kestrel reading the same multipart body and writing its
/// file part to disk once, streamed, with nothing of BstChat (no type check, staging, hash,
/// catalog or second copy into the file store) behind it.
/// </summary>
internal static class UploadBaseline
{
    /// <summary>Where this server keeps uploaded files, its own per port, deleted when it stops.</summary>
    public static string FilesDirectory(int port) => Path.Combine(Path.GetTempPath(), $"bstchat-bench-files-{port}");

    public static void Map(WebApplication app, int port)
    {
        var directory = Path.Combine(FilesDirectory(port), "baseline");
        Directory.CreateDirectory(directory);
        app.MapPost("/bench/upload", async (HttpContext http) =>
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(http.Request.ContentType).Boundary).Value!;
            var reader = new MultipartReader(boundary, http.Request.Body);
            var section = await reader.ReadNextSectionAsync(http.RequestAborted);
            if (section is null)
            {
                return Results.BadRequest();
            }

            var path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await section.Body.CopyToAsync(file, http.RequestAborted);
            }

            return Results.Created($"/bench/upload/{Path.GetFileName(path)}", null);
        }).RequireAuthorization();
    }

    public static void DeleteFiles(int port)
    {
        if (Directory.Exists(FilesDirectory(port)))
        {
            Directory.Delete(FilesDirectory(port), recursive: true);
        }
    }
}
