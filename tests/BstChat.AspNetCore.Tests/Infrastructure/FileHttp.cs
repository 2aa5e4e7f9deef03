using System.Net;
using System.Net.Http.Json;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>The file calls of the chat API, as a browser client makes them.</summary>
public static class FileHttp
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static string FilesPath(string conversationId) => $"{ChatHttp.ConversationPath(conversationId)}/files";

    public static Task<HttpResponseMessage> PostFileAsync(this HttpClient client, string conversationId, HttpContent body) =>
        client.PostAsync(FilesPath(conversationId), body, Cancellation);

    /// <summary>Uploads and asserts the 201.</summary>
    public static async Task<ApiFile> UploadAsync(this HttpClient client, string conversationId, byte[] content, string fileName, string partType = "application/octet-stream")
    {
        using var body = TestFiles.Upload(content, fileName, partType);
        using var response = await client.PostFileAsync(conversationId, body);
        return await response.ReadAsync<ApiFile>(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> PostMessageWithFilesAsync(this HttpClient client, string conversationId, string text, IEnumerable<string> fileIds, string? clientMessageId = null) =>
        client.PostAsJsonAsync(ChatHttp.MessagesPath(conversationId), new { text, clientMessageId, attachments = fileIds.ToArray() }, Cancellation);

    /// <summary>Sends a message carrying files and asserts the 201.</summary>
    public static async Task<ApiMessageFiles> SendFilesAsync(this HttpClient client, string conversationId, string text, params string[] fileIds)
    {
        using var response = await client.PostMessageWithFilesAsync(conversationId, text, fileIds);
        return await response.ReadAsync<ApiMessageFiles>(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> GetFileAsync(this HttpClient client, string url) => client.GetAsync(url, Cancellation);
}
