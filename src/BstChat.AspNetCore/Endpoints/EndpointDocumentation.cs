using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>The metadata that describes a chat endpoint to API explorers and OpenAPI documents.</summary>
internal static class EndpointDocumentation
{
    /// <summary>The tag every chat endpoint is grouped under.</summary>
    public const string Tag = "BstChat";

    /// <summary>Names the operation and says what it does.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string summary, string description) =>
        builder.WithSummary(summary).WithDescription(description).WithTags(Tag);

    /// <summary>Declares one error status with the problem codes it may carry.</summary>
    public static RouteHandlerBuilder ProducesChatProblem(this RouteHandlerBuilder builder, int statusCode, params string[] codes) =>
        builder.WithMetadata(new ProblemResponseMetadata(statusCode, codes));

    /// <summary>The refusals every call that acts as the signed-in user and reads the store can meet.</summary>
    public static RouteHandlerBuilder ProducesCallerProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesChatProblem(StatusCodes.Status401Unauthorized, ChatErrorCodes.Unauthenticated)
            .ProducesChatProblem(StatusCodes.Status503ServiceUnavailable, ChatErrorCodes.StoreUnavailable);
}
