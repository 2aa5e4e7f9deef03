namespace BstChat.AspNetCore.Endpoints;

/// <summary>
/// A <c>multipart/form-data</c> body with one file part, for OpenAPI documents only; like
/// <see cref="RequestBodyMetadata"/>, the handler reads it itself with its own problem codes.
/// </summary>
/// <param name="PartName">The form field the file is sent under (any name is read; this one is documented).</param>
internal sealed record FileBodyMetadata(string PartName);
