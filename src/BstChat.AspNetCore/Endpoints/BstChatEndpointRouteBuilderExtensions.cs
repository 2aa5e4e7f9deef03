using System.Diagnostics.CodeAnalysis;
using BstChat;
using BstChat.AspNetCore.Endpoints;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Limits;
using BstChat.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps BstChat's HTTP API.</summary>
public static class BstChatEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the chat API and the browser client under <paramref name="prefix"/>. BstChat
    /// authenticates nobody: add <c>.RequireAuthorization()</c> to the result, or otherwise make
    /// sure the host signs users in; calls without a user are answered 401. With
    /// <c>AddBstChat().AddAuthorizationProblems()</c>, a call the host's authorization refuses is
    /// problem details too (401 <c>unauthenticated</c>, 403 <c>not_allowed</c>) rather than the
    /// scheme's sign-in redirect or empty body.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <param name="prefix">The route prefix, e.g. <c>/chat</c>.</param>
    /// <returns>A builder for conventions that apply to every chat endpoint (the client script stays anonymous).</returns>
    /// <exception cref="InvalidOperationException"><c>AddBstChat()</c> or a store was not registered.</exception>
    public static IEndpointConventionBuilder MapBstChat(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = "/chat")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        EnsureServicesAdded(endpoints.ServiceProvider);

        var group = endpoints.MapGroup(prefix);
        // What AddAuthorizationProblems() plugs into the host's authorization acts on these endpoints only.
        group.WithMetadata(ChatEndpointMetadata.Instance);
        group.WithMetadata(new ChatApiRoot(prefix.TrimEnd('/')));
        var answered = group.MapGroup("");
        answered.AddEndpointFilter<ChatErrorFilter>();
        answered.AddEndpointFilter(new NoStoreFilter());
        var limits = UserRateLimits.From(endpoints.ServiceProvider);
        new InboxEndpoints(limits).Map(answered);
        new ConversationEndpoints(limits).Map(answered);
        new MessageEndpoints(limits).Map(answered);
        new FileEndpoints(limits).Map(answered);
        // Outside the filter, which it applies itself: see ChangeFeedEndpoints.
        new ChangeFeedEndpoints(limits, ActivatorUtilities.CreateInstance<ChatErrorFilter>(endpoints.ServiceProvider)).Map(group);
        new PresenceEndpoints(limits).Map(answered);
        MeEndpoints.Map(answered);
        ClientScriptEndpoints.Map(answered);
        return group;
    }

    private static void EnsureServicesAdded(IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        if (!isService.IsService(typeof(IChatService)))
        {
            throw new InvalidOperationException(
                "MapBstChat() needs BstChat's services. Call builder.Services.AddBstChat().AddInMemoryStore() "
                + "(or another store) before building the application.");
        }

        if (!isService.IsService(typeof(IMessageStore)))
        {
            throw new InvalidOperationException(
                "BstChat has no store. After AddBstChat(), choose one: .AddInMemoryStore(), "
                + ".AddEntityFrameworkCoreStore<TContext>() or .AddMongoStore(…).");
        }
    }
}
