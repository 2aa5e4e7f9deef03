using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using BstChat.AspNetCore.Limits;

namespace BstChat.AspNetCore.Endpoints;

/// <summary><c>GET /conversations</c>: the caller's inbox, its most recently changed conversations up to <see cref="BstChatOptions.MaxInboxConversations"/>.</summary>
internal sealed class InboxEndpoints(UserRateLimits limits)
{
    public void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/conversations", GetInboxAsync).WithName("BstChat.GetInbox")
            .Describe("The caller's conversations", "Latest change first, each with its unread count and last message.")
            .Produces<InboxResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidUserId)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();

    private async Task<IResult> GetInboxAsync(HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        limits.AcquireRead(user.Id);
        var inbox = await chat.GetInboxAsync(user.Id, http.RequestAborted);
        return TypedResults.Json(InboxResponse.From(inbox, ChatLinks.For(http)), BstChatJsonContext.Default.InboxResponse);
    }
}
