using BstChat;
using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the host's authorization answer BstChat's API calls the way the API answers everything else.</summary>
public static class BstChatAuthorizationProblemsExtensions
{
    /// <summary>
    /// Answers a call to the chat API that the host's authorization refuses (the endpoints of
    /// <c>MapBstChat(…).RequireAuthorization()</c>, or a policy given there) with problem details,
    /// whatever the authentication scheme: 401 <c>unauthenticated</c> instead of a cookie scheme's
    /// redirect to its sign-in page or a bearer scheme's empty 401 (its <c>WWW-Authenticate</c>
    /// stays), and 403 <c>not_allowed</c> instead of an access-denied page or an empty 403. The
    /// host's other endpoints keep their scheme's behaviour.
    /// </summary>
    /// <remarks>
    /// It wraps the registered <see cref="IAuthorizationMiddlewareResultHandler"/> (ASP.NET Core's
    /// default, or the host's own registered before this call); a handler the host registers after
    /// it replaces it.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddBstChat()</c>.</param>
    /// <returns>The same builder.</returns>
    public static BstChatBuilder AddAuthorizationProblems(this BstChatBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(ChatAuthorizationResultHandlerMarker)))
        {
            return builder;
        }

        var existing = services.LastOrDefault(static d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler) && !d.IsKeyedService);
        Func<IServiceProvider, IAuthorizationMiddlewareResultHandler> inner = existing switch
        {
            null => static _ => new AuthorizationMiddlewareResultHandler(),
            { ImplementationInstance: IAuthorizationMiddlewareResultHandler instance } => _ => instance,
            { ImplementationFactory: { } factory } => provider => (IAuthorizationMiddlewareResultHandler)factory(provider),
            { ImplementationType: { } type } => provider => (IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(provider, type),
            _ => static _ => new AuthorizationMiddlewareResultHandler(),
        };
        if (existing is not null)
        {
            services.Remove(existing);
        }

        // Registered first, so AddAuthorization() called later (it only TryAdds) keeps it.
        services.AddSingleton<ChatAuthorizationResultHandlerMarker>();
        services.AddTransient<IAuthorizationMiddlewareResultHandler>(provider =>
            new ChatAuthorizationResultHandler(inner(provider), provider.GetRequiredService<ILogger<ChatAuthorizationResultHandler>>()));
        return builder;
    }

    /// <summary>Says the handler is registered, so a second call changes nothing.</summary>
    private sealed class ChatAuthorizationResultHandlerMarker;
}
