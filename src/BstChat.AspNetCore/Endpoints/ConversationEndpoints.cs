using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BstChat.AspNetCore.Endpoints;

/// <summary><c>GET /conversations/{id}</c>: one conversation with its members.</summary>
internal sealed class ConversationEndpoints(UserRateLimits limits)
{
    public void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/conversations/{conversationId}", GetConversationAsync).WithName("BstChat.GetConversation")
            .Describe("One conversation", "The conversation with its members and their read markers; the caller must be a member.")
            .Produces<ConversationResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();

    private async Task<IResult> GetConversationAsync(string conversationId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        limits.AcquireRead(user.Id);
        var details = await chat.GetConversationAsync(conversationId, user.Id, http.RequestAborted);
        return TypedResults.Json(ConversationResponse.From(details), BstChatJsonContext.Default.ConversationResponse);
    }
}
