using BstChat;
using BstChat.Diagnostics;
using BstChat.Feed;
using BstChat.Files;
using BstChat.Storage;
using BstChat.Storage.FileSystem;
using BstChat.Presence;
using BstChat.Limits;
using BstChat.Options;
using BstChat.Services;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers BstChat's services.</summary>
public static class BstChatServiceCollectionExtensions
{
    /// <summary>
    /// Adds BstChat's core services: the chat service (a singleton, like the stores, so it can be
    /// injected anywhere, background services included), the in-process notifier, typing and presence trackers,
    /// the per-user rate limits (see <see cref="ChatRateLimitPolicies"/>), files (content under the content root's <c>App_Data/bstchat-files</c> unless
    /// another file store is added, and a sweeper of expired uploads), and options validated at start-up. Calling it again only applies <paramref name="configure"/>
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
        // Keyed by policy name: a host's limiter under the same key wins, registered before (TryAdd) or after (last wins).
        services.TryAddKeyedSingleton<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Writes,
            static (provider, _) => PerUserTokenBuckets.Create(provider.GetRequiredService<IOptions<BstChatOptions>>().Value.WriteRate));
        services.TryAddKeyedSingleton<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Typing,
            static (provider, _) => PerUserTokenBuckets.Create(provider.GetRequiredService<IOptions<BstChatOptions>>().Value.TypingRate));
        services.TryAddKeyedSingleton<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Reads,
            static (provider, _) => PerUserTokenBuckets.Create(provider.GetRequiredService<IOptions<BstChatOptions>>().Value.ReadRate));
        services.TryAddKeyedSingleton<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Uploads,
            static (provider, _) => PerUserTokenBuckets.Create(provider.GetRequiredService<IOptions<BstChatOptions>>().Value.Files.UploadRate));
        // Registered as themselves too: a backplane (AddChangeBackplane, AddTypingBackplane, AddPresenceBackplane)
        // keeps them as this instance's own fan-out and fallback, and the metrics read the typing tracker's entry count.
        services.TryAddSingleton<InProcessChatNotifier>();
        services.TryAddSingleton<IChatNotifier>(static provider => provider.GetRequiredService<InProcessChatNotifier>());
        services.TryAddSingleton<InMemoryTypingTracker>();
        services.TryAddSingleton<ITypingTracker>(static provider => provider.GetRequiredService<InMemoryTypingTracker>());
        services.TryAddSingleton<InMemoryPresenceTracker>();
        services.TryAddSingleton<IPresenceTracker>(static provider => provider.GetRequiredService<InMemoryPresenceTracker>());
        // The change feed and the chat rules: singletons, like the stores they take in their constructors.
        services.TryAddSingleton<ConversationHeadCache>();
        services.TryAddSingleton<ChangeReader>();
        services.TryAddSingleton<WaitSlots>();
        services.TryAddSingleton<WaitingRooms>();
        services.TryAddSingleton<ChangeFeed>();
        services.TryAddSingleton<UserFeedReader>();
        services.TryAddSingleton<UserFeed>();
        services.TryAddSingleton<IChatService, ChatService>();
        // Files: content on local disk under the content root unless a store package or AddFileSystemFileStore says otherwise.
        services.TryAddSingleton<IChatFileStore>(static provider => new FileSystemChatFileStore(Path.Combine(
            provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory, "App_Data", "bstchat-files")));
        services.TryAddSingleton<ChatFileStaging>();
        services.TryAddSingleton<IChatFiles, ChatFileService>();
        services.TryAddSingleton<ChatFileSweeper>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ChatFileSweeperService>());
        return new BstChatBuilder(services);
    }
}
