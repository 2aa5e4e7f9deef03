using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Http;

/// <summary>Who is calling: the host's <see cref="IChatUserResolver"/>, or the claims-based default.</summary>
internal static class ChatCaller
{
    private static readonly ClaimsChatUserResolver DefaultResolver = new();

    public static async ValueTask<ChatUser> RequireAsync(HttpContext context)
    {
        var resolver = context.RequestServices.GetService<IChatUserResolver>() ?? DefaultResolver;
        return await resolver.ResolveAsync(context, context.RequestAborted)
            ?? throw new HttpRequestError(StatusCodes.Status401Unauthorized, ChatErrorCodes.Unauthenticated, "Sign in to use chat.");
    }
}
