using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>The metadata that describes a chat endpoint to API explorers and OpenAPI documents.</summary>
internal static class EndpointDocumentation
{
    /// <summary>The tag every chat endpoint is grouped under.</summary>
    public const string Tag = "BstChat";

    /// <summary>Names the operation and says what it does.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string summary, string description) =>
        builder.WithSummary(summary).WithDescription(description).WithTags(Tag);

    /// <summary>Declares one error status with the problem codes it may carry.</summary>
    public static RouteHandlerBuilder ProducesChatProblem(this RouteHandlerBuilder builder, int statusCode, params string[] codes) =>
        builder.WithMetadata(new ProblemResponseMetadata(statusCode, codes));

    /// <summary>Declares the JSON body the handler reads itself (see <see cref="RequestBodyMetadata"/>).</summary>
    public static RouteHandlerBuilder ReadsJson<TBody>(this RouteHandlerBuilder builder, bool required = true) =>
        builder.WithMetadata(new RequestBodyMetadata(typeof(TBody), required));

    /// <summary>Declares the multipart file body the upload handler reads itself (see <see cref="FileBodyMetadata"/>).</summary>
    public static RouteHandlerBuilder ReadsFile(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new FileBodyMetadata("file"));

    /// <summary>Declares a file's content as the answer: whole (200), a range (206) or unchanged (304), with the headers that come with it.</summary>
    public static RouteHandlerBuilder ProducesFileContent(this RouteHandlerBuilder builder) =>
        builder
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .Produces<Stream>(StatusCodes.Status206PartialContent, "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified)
            .SendsHeader(StatusCodes.Status200OK, "ETag", "The content's hash; send it back in If-None-Match.")
            .SendsHeader(StatusCodes.Status200OK, "Content-Disposition", "`inline` for images safe to show, `attachment` for everything else, with the file's name.")
            .SendsHeader(StatusCodes.Status206PartialContent, "Content-Range", "The bytes sent, of the whole.")
            .SendsHeader(StatusCodes.Status304NotModified, "ETag", "The content's hash.")
            .SendsFileCaching(StatusCodes.Status200OK)
            .SendsFileCaching(StatusCodes.Status206PartialContent)
            .SendsFileCaching(StatusCodes.Status304NotModified);

    private static RouteHandlerBuilder SendsFileCaching(this RouteHandlerBuilder builder, int statusCode) =>
        builder.SendsHeader(statusCode, "Cache-Control", $"`{Http.FileContentHeaders.CacheControl}`: kept by the browser, checked again on every use.");

    /// <summary>Declares a whole-number query parameter the handler reads itself, with the range it accepts.</summary>
    public static RouteHandlerBuilder ReadsWholeNumber(this RouteHandlerBuilder builder, string name, string description, long minimum, Func<BstChatOptions, long>? maximum = null) =>
        builder.WithMetadata(new QueryParameterMetadata(name, description, minimum, maximum));

    /// <summary>Declares an opaque text query parameter (a cursor) the handler reads itself.</summary>
    public static RouteHandlerBuilder ReadsText(this RouteHandlerBuilder builder, string name, string description) =>
        builder.WithMetadata(new QueryParameterMetadata(name, description, Minimum: null, Maximum: null));

    /// <summary>Declares a header sent with <paramref name="statusCode"/>.</summary>
    public static RouteHandlerBuilder SendsHeader(this RouteHandlerBuilder builder, int statusCode, string name, string description) =>
        builder.WithMetadata(new ResponseHeaderMetadata(statusCode, name, description));

    /// <summary>The refusals every call that acts as the signed-in user and reads the store can meet.</summary>
    public static RouteHandlerBuilder ProducesCallerProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesChatProblem(StatusCodes.Status401Unauthorized, ChatErrorCodes.Unauthenticated)
            .ProducesChatProblem(StatusCodes.Status503ServiceUnavailable, ChatErrorCodes.StoreUnavailable);
}
