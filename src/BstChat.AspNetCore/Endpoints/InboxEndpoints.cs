using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BstChat.AspNetCore.Endpoints;

/// <summary><c>GET /conversations</c>: the caller's inbox.</summary>
internal static class InboxEndpoints
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/conversations", GetInboxAsync).WithName("BstChat.GetInbox")
            .Describe("The caller's conversations", "Latest change first, each with its unread count and last message.")
            .Produces<InboxResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidUserId)
            .ProducesCallerProblems();

    private static async Task<IResult> GetInboxAsync(HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        var inbox = await chat.GetInboxAsync(user.Id, http.RequestAborted);
        return TypedResults.Json(InboxResponse.From(inbox), BstChatJsonContext.Default.InboxResponse);
    }
}
