using BstChat;
using BstChat.Diagnostics;
using BstChat.Feed;
using BstChat.Options;
using BstChat.Services;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers BstChat's services.</summary>
public static class BstChatServiceCollectionExtensions
{
    /// <summary>
    /// Adds BstChat's core services: the chat service, the in-process notifier and typing tracker,
    /// and options validated at start-up. Calling it again only applies <paramref name="configure"/>
    /// again. Follow it with a store, e.g. <c>.AddInMemoryStore()</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options; see <see cref="BstChatOptions"/> for the defaults.</param>
    /// <returns>A builder to add a store and other parts to.</returns>
    public static BstChatBuilder AddBstChat(this IServiceCollection services, Action<BstChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<BstChatOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BstChatOptions>, BstChatOptionsValidator>());
        services.TryAddSingleton<ChatMetrics>();
        services.TryAddSingleton<WaitLimiter>();
        services.TryAddSingleton<ConversationHeadCache>();
        services.TryAddSingleton<IChatNotifier, InProcessChatNotifier>();
        services.TryAddSingleton<ITypingTracker, InMemoryTypingTracker>();
        // Scoped, so stores built on scoped services (an EF Core DbContext) can serve it.
        services.TryAddScoped<IChatService, ChatService>();
        return new BstChatBuilder(services);
    }
}
