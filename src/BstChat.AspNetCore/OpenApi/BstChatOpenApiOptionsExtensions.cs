using BstChat.AspNetCore.OpenApi;

namespace Microsoft.AspNetCore.OpenApi;

/// <summary>Describes BstChat's endpoints completely in the host's OpenAPI document.</summary>
public static class BstChatOpenApiOptionsExtensions
{
    /// <summary>
    /// Adds to the document what BstChat's endpoints do not say through ASP.NET Core's own metadata:
    /// the JSON bodies and query parameters they read (with the ranges accepted), the headers they
    /// send, each error's problem codes as an enum, int64 numbers as integers, and the security
    /// scheme the host signs callers in with.
    /// </summary>
    /// <param name="options">The document's options, as in <c>AddOpenApi(o => o.AddBstChat())</c>.</param>
    /// <param name="authentication">How callers are signed in.</param>
    /// <param name="cookieName">The sign-in cookie's name, for <see cref="ChatApiAuthentication.Cookie"/>.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static OpenApiOptions AddBstChat(this OpenApiOptions options, ChatApiAuthentication authentication = ChatApiAuthentication.Cookie, string cookieName = ".AspNetCore.Cookies")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(cookieName);
        var security = new ChatSecurityScheme(authentication, cookieName);
        options.AddSchemaTransformer(new ChatSchemaTransformer());
        options.AddOperationTransformer(new ChatOperationTransformer(security));
        options.AddDocumentTransformer(new ChatSecurityDocumentTransformer(security));
        return options;
    }
}
