using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>History, send, edit and delete.</summary>
internal sealed class MessageEndpoints(UserRateLimits limits)
{
    public void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/conversations/{conversationId}/messages", GetHistoryAsync).WithName("BstChat.GetHistory")
            .Describe(
                "A page of history",
                "Query: `before` (a sequence number; the latest page without it) and `limit` (page size). Ascending by seq, tombstones included, with `hasMore`.")
            .ReadsWholeNumber("before", "The page ends before this sequence number; the latest page without it.", 1)
            .ReadsWholeNumber("limit", "Messages per page; the server's default page size without it.", 1, static o => o.MaxPageSize)
            .Produces<HistoryResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidBefore, ChatErrorCodes.InvalidLimit)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
        group.MapGet("/conversations/{conversationId}/messages/{messageId}", GetMessageAsync).WithName("BstChat.GetMessage")
            .Describe(
                "One message",
                "The message in its current state (a tombstone once deleted): where the `Location` of a send's 201 points. Members only.")
            .Produces<MessageResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidMessageId)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound, ChatErrorCodes.MessageNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
        group.MapGet("/conversations/{conversationId}/messages/{messageId}/revisions", GetRevisionsAsync).WithName("BstChat.GetMessageRevisions")
            .Describe(
                "What a message was before its edits and delete",
                "For moderators of the conversation: every edit and delete of the message, oldest first, with the text it replaced, who made it and when.")
            .Produces<RevisionsResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidMessageId)
            .ProducesChatProblem(StatusCodes.Status403Forbidden, ChatErrorCodes.NotAllowed)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound, ChatErrorCodes.MessageNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
        group.MapPost("/conversations/{conversationId}/messages", SendAsync).WithName("BstChat.SendMessage")
            .Describe(
                "Send a message",
                "Body (application/json): `{text, clientMessageId?, attachments?}`. `attachments` lists ids of files the sender uploaded "
                + "to the conversation (`POST …/files`), in the order shown; `text` may be empty when there are some. 201 with the new "
                + "message; a replay of the same `clientMessageId` answers 200 with the first message and stores nothing.")
            .ReadsJson<SendMessageRequest>()
            .Produces<MessageResponse>(StatusCodes.Status201Created)
            .SendsHeader(StatusCodes.Status201Created, "Location", "The new message's URL (GET answers it).")
            .Produces<MessageResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(
                StatusCodes.Status400BadRequest,
                ChatErrorCodes.InvalidConversationId,
                ChatErrorCodes.InvalidJson,
                ChatErrorCodes.EmptyText,
                ChatErrorCodes.TextTooLong,
                ChatErrorCodes.InvalidText,
                ChatErrorCodes.InvalidClientMessageId,
                ChatErrorCodes.InvalidFileId,
                ChatErrorCodes.TooManyAttachments)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status409Conflict, ChatErrorCodes.IdempotencyConflict)
            .ProducesChatProblem(StatusCodes.Status422UnprocessableEntity, ChatErrorCodes.InvalidAttachments)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyWrites)
            .ProducesChatProblem(StatusCodes.Status413PayloadTooLarge, ChatErrorCodes.BodyTooLarge)
            .ProducesChatProblem(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType)
            .ProducesCallerProblems();
        group.MapPatch("/conversations/{conversationId}/messages/{messageId}", EditAsync).WithName("BstChat.EditMessage")
            .Describe("Edit a message", "Body (application/json): `{text}`. Its author only; the edit goes out in the change feed.")
            .ReadsJson<EditMessageRequest>()
            .Produces<MessageResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(
                StatusCodes.Status400BadRequest,
                ChatErrorCodes.InvalidConversationId,
                ChatErrorCodes.InvalidMessageId,
                ChatErrorCodes.InvalidJson,
                ChatErrorCodes.EmptyText,
                ChatErrorCodes.TextTooLong,
                ChatErrorCodes.InvalidText)
            .ProducesChatProblem(StatusCodes.Status403Forbidden, ChatErrorCodes.NotAllowed)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound, ChatErrorCodes.MessageNotFound)
            .ProducesChatProblem(StatusCodes.Status409Conflict, ChatErrorCodes.MessageDeleted)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyWrites)
            .ProducesChatProblem(StatusCodes.Status413PayloadTooLarge, ChatErrorCodes.BodyTooLarge)
            .ProducesChatProblem(StatusCodes.Status415UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType)
            .ProducesCallerProblems();
        group.MapDelete("/conversations/{conversationId}/messages/{messageId}", DeleteAsync).WithName("BstChat.DeleteMessage")
            .Describe("Delete a message", "Its author or a moderator; a tombstone (empty text, `deletedAt` set) goes out in the change feed.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidMessageId)
            .ProducesChatProblem(StatusCodes.Status403Forbidden, ChatErrorCodes.NotAllowed)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound, ChatErrorCodes.MessageNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyWrites)
            .ProducesCallerProblems();
    }

    private async Task<IResult> GetHistoryAsync(string conversationId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        limits.AcquireRead(user.Id);
        var before = QueryParameters.Before(http.Request);
        var limit = QueryParameters.Limit(http.Request);
        var page = await chat.GetHistoryAsync(conversationId, user.Id, before, limit, http.RequestAborted);
        return TypedResults.Json(HistoryResponse.From(page, ChatLinks.For(http)), BstChatJsonContext.Default.HistoryResponse);
    }

    private async Task<IResult> GetMessageAsync(string conversationId, string messageId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        limits.AcquireRead(user.Id);
        var message = await chat.GetMessageAsync(conversationId, messageId, user.Id, http.RequestAborted);
        return TypedResults.Json(MessageResponse.From(message, ChatLinks.For(http)), BstChatJsonContext.Default.MessageResponse);
    }

    private async Task<IResult> GetRevisionsAsync(string conversationId, string messageId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        limits.AcquireRead(user.Id);
        var revisions = await chat.GetRevisionsAsync(conversationId, messageId, user.Id, http.RequestAborted);
        return TypedResults.Json(RevisionsResponse.From(revisions), BstChatJsonContext.Default.RevisionsResponse);
    }

    private async Task<IResult> SendAsync(string conversationId, HttpContext http, IChatService chat, IOptions<BstChatOptions> options)
    {
        var user = await ChatCaller.RequireAsync(http);
        var body = await JsonBodyReader.ReadAsync(http.Request, BstChatJsonContext.Default.SendMessageRequest, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        // A replay stores nothing, so it spends nothing: a retry after a lost answer is never refused for the first try.
        var sent = await limits.WriteAsync(
            user.Id,
            conversationId,
            chat,
            () => chat.SendAsync(conversationId, user.Id, body.Text ?? "", body.ClientMessageId, body.Attachments ?? [], http.RequestAborted),
            static result => result.Created,
            http.RequestAborted);
        if (sent.Created)
        {
            http.Response.Headers.Location = $"{http.Request.PathBase}{http.Request.Path}/{sent.Message.Id}";
        }

        return TypedResults.Json(
            MessageResponse.From(sent.Message, ChatLinks.For(http)),
            BstChatJsonContext.Default.MessageResponse,
            statusCode: sent.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private async Task<IResult> EditAsync(string conversationId, string messageId, HttpContext http, IChatService chat, IOptions<BstChatOptions> options)
    {
        var user = await ChatCaller.RequireAsync(http);
        var body = await JsonBodyReader.ReadAsync(http.Request, BstChatJsonContext.Default.EditMessageRequest, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        var edited = await limits.WriteAsync(
            user.Id,
            conversationId,
            chat,
            () => chat.EditAsync(conversationId, messageId, user.Id, body.Text ?? "", http.RequestAborted),
            static _ => true,
            http.RequestAborted);
        return TypedResults.Json(MessageResponse.From(edited, ChatLinks.For(http)), BstChatJsonContext.Default.MessageResponse);
    }

    private async Task<IResult> DeleteAsync(string conversationId, string messageId, HttpContext http, IChatService chat)
    {
        var user = await ChatCaller.RequireAsync(http);
        // DELETE has no body to check, but no cross-site form can send it either.
        _ = await limits.WriteAsync(
            user.Id,
            conversationId,
            chat,
            () => chat.DeleteAsync(conversationId, messageId, user.Id, http.RequestAborted),
            static _ => true,
            http.RequestAborted);
        return TypedResults.NoContent();
    }
}
