using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Limits;
using BstChat.Files;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>Uploads, and the content of files and thumbnails, for the conversation's members.</summary>
internal sealed class FileEndpoints(UserRateLimits limits)
{
    public void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/conversations/{conversationId}/files", UploadAsync).WithName("BstChat.UploadFile")
            .Describe(
                "Upload a file",
                "Body (multipart/form-data): one part with a filename. Its type is decided by its first bytes, never by its name or "
                + "Content-Type, and its name gets the extension that type calls for. 201 with the file, seen by the uploader only "
                + "until a send lists it in `attachments`; one left unattached is deleted after the configured time.")
            .ReadsFile()
            .Produces<FileResponse>(StatusCodes.Status201Created)
            .SendsHeader(StatusCodes.Status201Created, "Location", "The file's URL (its uploader may GET it).")
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidMultipart, ChatErrorCodes.EmptyFile)
            .ProducesChatProblem(StatusCodes.Status403Forbidden, ChatErrorCodes.FileQuotaExceeded, ChatErrorCodes.NotAllowed)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status413PayloadTooLarge, ChatErrorCodes.FileTooLarge)
            .ProducesChatProblem(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType, ChatErrorCodes.FileTypeNotAllowed)
            .ProducesChatProblem(StatusCodes.Status422UnprocessableEntity, ChatErrorCodes.FileRefused, ChatErrorCodes.InvalidImage)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyUploads)
            .ProducesCallerProblems();
        group.MapGet("/conversations/{conversationId}/files/{fileId}", (string conversationId, string fileId, HttpContext http, IChatFiles files) =>
                DownloadAsync(conversationId, fileId, thumbnail: false, http, files))
            .WithName("BstChat.GetFile")
            .Describe(
                "A file's content",
                "For the conversation's members once the file is attached to a message (before that, its uploader only). Images that are "
                + "safe to show (JPEG, PNG, GIF, WebP) come inline, everything else as an attachment to save; ranges and If-None-Match are honoured.")
            .ProducesFileContent()
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidFileId)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound, ChatErrorCodes.FileNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
        group.MapGet("/conversations/{conversationId}/files/{fileId}/thumbnail", (string conversationId, string fileId, HttpContext http, IChatFiles files) =>
                DownloadAsync(conversationId, fileId, thumbnail: true, http, files))
            .WithName("BstChat.GetFileThumbnail")
            .Describe("A file's thumbnail", "A JPEG no larger than the configured size, for images that have one (`thumbnailUrl`); the same rules as the file's content.")
            .ProducesFileContent()
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidFileId)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound, ChatErrorCodes.FileNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
    }

    private async Task<IResult> UploadAsync(string conversationId, HttpContext http, IChatFiles files, IChatService chat, IOptions<BstChatOptions> options)
    {
        var user = await ChatCaller.RequireAsync(http);
        var maxFileBytes = options.Value.Files.MaxFileBytes;
        var file = await limits.UploadAsync(
            user.Id,
            conversationId,
            chat,
            async () =>
            {
                var (name, content) = await FileUploads.ReadFilePartAsync(http.Request, maxFileBytes, http.RequestAborted);
                return await files.UploadAsync(conversationId, user.Id, name, content, http.RequestAborted);
            },
            http.RequestAborted);
        var answer = FileResponse.From(file, ChatLinks.For(http));
        http.Response.Headers.Location = answer.Url;
        return TypedResults.Json(answer, BstChatJsonContext.Default.FileResponse, statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> DownloadAsync(string conversationId, string fileId, bool thumbnail, HttpContext http, IChatFiles files)
    {
        var user = await ChatCaller.RequireAsync(http);
        limits.AcquireRead(user.Id);
        var download = await files.OpenAsync(conversationId, fileId, user.Id, thumbnail, http.RequestAborted);
        http.Response.RegisterForDisposeAsync(download);
        FileContentHeaders.Apply(http.Response, download);
        return TypedResults.Stream(
            download.Content,
            download.ContentType,
            lastModified: download.File.CreatedAt,
            entityTag: EntityTagHeaderValue.Parse(download.ETag),
            enableRangeProcessing: true);
    }
}
