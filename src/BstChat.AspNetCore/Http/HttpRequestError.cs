namespace BstChat.AspNetCore.Http;

/// <summary>A request refused before it reached the chat service: wrong media type, body too large, bad JSON, no user.</summary>
internal sealed class HttpRequestError(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;
}
