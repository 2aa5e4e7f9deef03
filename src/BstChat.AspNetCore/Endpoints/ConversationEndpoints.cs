using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BstChat.AspNetCore.Endpoints;

/// <summary><c>GET /conversations/{id}</c>: one conversation with its members.</summary>
internal static class ConversationEndpoints
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/conversations/{conversationId}", GetConversationAsync).WithName("BstChat.GetConversation")
            .Describe("One conversation", "The conversation with its members and their read markers; the caller must be a member.")
            .Produces<ConversationResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesCallerProblems();

    private static async Task<IResult> GetConversationAsync(string conversationId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        var details = await chat.GetConversationAsync(conversationId, user.Id, http.RequestAborted);
        return TypedResults.Json(ConversationResponse.From(details), BstChatJsonContext.Default.ConversationResponse);
    }
}
