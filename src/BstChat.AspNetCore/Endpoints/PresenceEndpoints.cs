using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>Typing signals and read markers: state outside the message sequence.</summary>
internal sealed class PresenceEndpoints(UserRateLimits limits)
{
    public void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/conversations/{conversationId}/typing", SetTypingAsync).WithName("BstChat.SetTyping")
            .Describe("Show the caller as typing", "Sent with no body, or as application/json (any body is ignored); the caller shows as typing until the typing timeout.")
            .ReadsJson<TypingRequest>(required: false)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyTypingSignals)
            .ProducesCallerProblems();
        group.MapPost("/conversations/{conversationId}/read", MarkReadAsync).WithName("BstChat.MarkRead")
            .Describe("Move the caller's read marker", "Body (application/json): `{seq}`, read up to that sequence number. A read marker never moves backwards.")
            .ReadsJson<MarkReadRequest>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidJson, ChatErrorCodes.InvalidReadSeq)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status413PayloadTooLarge, ChatErrorCodes.BodyTooLarge)
            .ProducesChatProblem(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType)
            .ProducesCallerProblems();
    }

    private async Task<IResult> SetTypingAsync(string conversationId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        JsonBodyReader.RequireJsonOrNoBody(http.Request);
        await limits.TypingAsync(user.Id, conversationId, chat, () => chat.SetTypingAsync(conversationId, user.Id, http.RequestAborted), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MarkReadAsync(string conversationId, HttpContext http, IChatService chat, IOptions<BstChatOptions> options)
    {
        var user = await ChatCaller.RequireAsync(http);
        var body = await JsonBodyReader.ReadAsync(http.Request, BstChatJsonContext.Default.MarkReadRequest, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        var seq = body.Seq ?? throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.InvalidReadSeq, "'seq' is required.");
        await chat.MarkReadAsync(conversationId, user.Id, seq, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
