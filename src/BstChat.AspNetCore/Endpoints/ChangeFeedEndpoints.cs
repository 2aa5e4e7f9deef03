using BstChat.AspNetCore.Contracts;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>
/// <c>GET /conversations/{id}/changes?cursor=C&amp;wait=S</c>, a conversation's change feed, and
/// <c>GET /changes?cursor=C&amp;wait=S</c>, the user feed across the caller's conversations: polled or long-polled.
/// </summary>
/// <remarks>
/// Not behind the group's <see cref="ChatErrorFilter"/>, whose answers it gives itself: a held request
/// keeps every async frame above its wait alive for the whole wait, and the filter costs three (its
/// own and two the request delegate adds to run it), about a third of a kilobyte per waiting request.
/// </remarks>
internal sealed class ChangeFeedEndpoints(UserRateLimits limits, ChatErrorFilter errors)
{
    public void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/conversations/{conversationId}/changes", GetChangesAsync).WithName("BstChat.GetChanges")
            .Describe(
                "The change feed",
                "Query: `cursor` (from the previous answer; without it the answer comes at once with the current cursor) and "
                + "`wait` (seconds to hold the request while nothing is newer, capped by the server; 0 polls). Answers with "
                + "the messages changed after the cursor, who is typing, the read markers and the next cursor.")
            .ReadsText("cursor", "The cursor of the previous answer; without it the answer comes at once with the current cursor.")
            .ReadsWholeNumber("wait", "Seconds to hold the request while nothing is newer; 0 polls. Longer waits are held for the maximum.", 0, static o => (long)o.MaxWait.TotalSeconds)
            .Produces<ChangesResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidConversationId, ChatErrorCodes.InvalidCursor, ChatErrorCodes.InvalidWait)
            .ProducesChatProblem(StatusCodes.Status404NotFound, ChatErrorCodes.ConversationNotFound)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyWaits, ChatErrorCodes.TooManyWaitsInTotal, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
        group.MapGet("/changes", GetUserChangesAsync).WithName("BstChat.GetUserChanges")
            .Describe(
                "The user feed",
                "The caller's changes across every conversation they follow (their most recently changed, up to the server's "
                + "window), one held request for all. Query: `cursor` (from the previous answer; without it the answer comes at once "
                + "with the current cursor and every followed conversation) and `wait` (seconds, as for a conversation's feed). "
                + "See docs/user-feed.md for how a client applies an answer.")
            .ReadsText("cursor", "The cursor of the previous answer; without it the answer comes at once with the current cursor.")
            .ReadsWholeNumber("wait", "Seconds to hold the request while nothing is newer; 0 polls. Longer waits are held for the maximum.", 0, static o => (long)o.MaxWait.TotalSeconds)
            .Produces<UserChangesResponse>(StatusCodes.Status200OK)
            .ProducesChatProblem(StatusCodes.Status400BadRequest, ChatErrorCodes.InvalidCursor, ChatErrorCodes.InvalidWait, ChatErrorCodes.InvalidUserId)
            .ProducesChatProblem(StatusCodes.Status429TooManyRequests, ChatErrorCodes.TooManyWaits, ChatErrorCodes.TooManyWaitsInTotal, ChatErrorCodes.TooManyReads)
            .ProducesCallerProblems();
    }

    private async Task<IResult> GetUserChangesAsync(HttpContext http, IChatService chat)
    {
        try
        {
            // Every answer is about this moment, refusals included: no proxy or browser may reuse it.
            http.Response.Headers.CacheControl = NoStoreFilter.CacheControl;
            var user = await ChatCaller.RequireAsync(http);
            limits.AcquireRead(user.Id);
            var cursor = QueryParameters.UserCursor(http.Request);
            var wait = QueryParameters.Wait(http.Request);
            var changes = await chat.GetUserChangesAsync(user.Id, cursor, wait, http.RequestAborted);
            return TypedResults.Json(UserChangesResponse.From(changes, ChatLinks.For(http)), BstChatJsonContext.Default.UserChangesResponse);
        }
        catch (Exception e) when (ChatErrorFilter.Answers(http, e))
        {
            return errors.Answer(http, e);
        }
    }

    private async Task<IResult> GetChangesAsync(string conversationId, HttpContext http, IChatService chat)
    {
        try
        {
            http.Response.Headers.CacheControl = NoStoreFilter.CacheControl;
            var user = await ChatCaller.RequireAsync(http);
            // Every request, waiting or not: an answer that comes at once costs a read, and a held one costs a permit per answer.
            limits.AcquireRead(user.Id);
            var cursor = QueryParameters.Cursor(http.Request, conversationId);
            var wait = QueryParameters.Wait(http.Request);
            var changes = await chat.GetChangesAsync(conversationId, user.Id, cursor, wait, http.RequestAborted);
            var answer = ChangesResponse.From(changes, ChatLinks.For(http)) with { Cursor = ConversationCursorText.Format(conversationId, changes.Cursor) };
            return TypedResults.Json(answer, BstChatJsonContext.Default.ChangesResponse);
        }
        catch (Exception e) when (ChatErrorFilter.Answers(http, e))
        {
            return errors.Answer(http, e);
        }
    }
}
