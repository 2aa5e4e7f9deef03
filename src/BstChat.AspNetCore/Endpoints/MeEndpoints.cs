using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BstChat.AspNetCore.Endpoints;

/// <summary><c>GET /me</c>: who the caller is to chat, so a client can tell its own messages from others'.</summary>
internal static class MeEndpoints
{
    // The cast makes this a route handler whose result is written, not a bare RequestDelegate.
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/me", (Delegate)GetMeAsync).WithName("BstChat.GetMe")
            .Describe("The caller", "Who the signed-in user is to chat: id and display name.")
            .Produces<MeResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status401Unauthorized, ChatErrorCodes.Unauthenticated);

    private static async Task<IResult> GetMeAsync(HttpContext http)
    {
        var user = await ChatCaller.RequireAsync(http);
        return TypedResults.Json(new MeResponse(user.Id, user.DisplayName), BstChatJsonContext.Default.MeResponse);
    }
}
