using System.ComponentModel;
using BstChat;
using BstChat.Backplane;
using BstChat.Feed;
using BstChat.Presence;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// For backplane packages: plugs a transport into BstChat's notifications, typing state and presence.
/// A site calls the package's own method (e.g. <c>AddRedisBackplane</c>) instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BackplaneBuilderExtensions
{
    /// <summary>
    /// Carries change notifications between instances through <typeparamref name="TBackplane"/>.
    /// Readers still wait on this instance's in-process notifier; a change wakes them at once and
    /// is then published; a change published elsewhere wakes them when it arrives. The
    /// subscription runs while the host runs. Replaces any change backplane registered before.
    /// </summary>
    /// <typeparam name="TBackplane">The transport; a singleton, made by the container unless registered before.</typeparam>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static BstChatBuilder AddChangeBackplane<TBackplane>(this BstChatBuilder builder)
        where TBackplane : class, IChangeBackplane
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<TBackplane>();
        services.Replace(ServiceDescriptor.Singleton<IChangeBackplane>(static provider => provider.GetRequiredService<TBackplane>()));
        services.Replace(ServiceDescriptor.Singleton<IChatNotifier, BackplaneChatNotifier>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ChangeBackplaneListener>());
        return builder;
    }

    /// <summary>
    /// Shares typing state between instances through <typeparamref name="TBackplane"/>. Every
    /// signal is also kept in this instance's memory, which answers while the backplane is away.
    /// Replaces any typing backplane registered before.
    /// </summary>
    /// <typeparam name="TBackplane">The transport; a singleton, made by the container unless registered before.</typeparam>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static BstChatBuilder AddTypingBackplane<TBackplane>(this BstChatBuilder builder)
        where TBackplane : class, ITypingBackplane
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<TBackplane>();
        services.Replace(ServiceDescriptor.Singleton<ITypingBackplane>(static provider => provider.GetRequiredService<TBackplane>()));
        services.Replace(ServiceDescriptor.Singleton<ITypingTracker, BackplaneTypingTracker>());
        return builder;
    }

    /// <summary>
    /// Shares presence between instances through <typeparamref name="TBackplane"/>: a user whose
    /// feed request is held on one instance shows online on every one. Every hold is also kept in
    /// this instance's memory, which answers alone while the backplane is away. Replaces any
    /// presence backplane registered before.
    /// </summary>
    /// <typeparam name="TBackplane">The transport; a singleton, made by the container unless registered before.</typeparam>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static BstChatBuilder AddPresenceBackplane<TBackplane>(this BstChatBuilder builder)
        where TBackplane : class, IPresenceBackplane
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<TBackplane>();
        services.Replace(ServiceDescriptor.Singleton<IPresenceBackplane>(static provider => provider.GetRequiredService<TBackplane>()));
        services.Replace(ServiceDescriptor.Singleton<IPresenceTracker, BackplanePresenceTracker>());
        return builder;
    }
}
