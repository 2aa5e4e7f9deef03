using BstChat;
using BstChat.Storage;
using BstChat.Storage.EfCore.Diagnostics;
using BstChat.Storage.EfCore.Files;
using BstChat.Storage.EfCore.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the Entity Framework Core store.</summary>
public static class EfCoreStoreBuilderExtensions
{
    /// <summary>
    /// Keeps chat in the database of <typeparamref name="TContext"/>, whose <c>OnModelCreating</c>
    /// calls <c>modelBuilder.UseBstChat()</c> (or use <see cref="BstChat.Storage.EfCore.BstChatDbContext"/>
    /// for a database of its own). Register the context's factory yourself, with
    /// <c>AddDbContextFactory</c> (which also registers the context for your own code's scopes) or
    /// <c>AddPooledDbContextFactory</c>. The store is a singleton that runs each call on a context
    /// of its own from that factory; it replaces any store registered before, and so do its
    /// <see cref="IChatStoreExport"/> and <see cref="IChatStoreImport"/>, for copying chat between stores.
    /// </summary>
    /// <remarks>
    /// <para>The store's contexts are its own: it never sees, saves or discards the changes your
    /// contexts track, and never joins a transaction of yours.</para>
    /// <para>The store polls, so <typeparamref name="TContext"/>'s executed commands are logged at Debug
    /// rather than EF Core's Information, unless you chose their level yourself: with
    /// <c>ConfigureWarnings</c> for <c>RelationalEventId.CommandExecuted</c>, or with a logging rule
    /// for a <c>Microsoft.EntityFrameworkCore</c> category (e.g. <c>Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command</c>).</para>
    /// </remarks>
    /// <typeparam name="TContext">The host's context.</typeparam>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddEntityFrameworkCoreStore<TContext>(this BstChatBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(static sp => ActivatorUtilities.CreateInstance<EfCoreMessageStore<TContext>>(sp, ContextFactory<TContext>(sp)));
        services.Replace(ServiceDescriptor.Singleton<IMessageStore>(static sp => sp.GetRequiredService<EfCoreMessageStore<TContext>>()));
        services.TryAddSingleton(static sp => ActivatorUtilities.CreateInstance<EfCoreStoreTransfer<TContext>>(sp, ContextFactory<TContext>(sp)));
        services.Replace(ServiceDescriptor.Singleton<IChatStoreExport>(static sp => sp.GetRequiredService<EfCoreStoreTransfer<TContext>>()));
        services.Replace(ServiceDescriptor.Singleton<IChatStoreImport>(static sp => sp.GetRequiredService<EfCoreStoreTransfer<TContext>>()));
        services.Replace(ServiceDescriptor.Singleton<IChatFileCatalog>(static sp =>
            ActivatorUtilities.CreateInstance<EfCoreFileCatalog<TContext>>(sp, ContextFactory<TContext>(sp))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDbContextOptionsConfiguration<TContext>, QuietCommandLogging<TContext>>());
        return builder;
    }

    /// <summary>The host's factory, or an error that says how to register it: a host moving from a scoped store registered only the context.</summary>
    /// <summary>
    /// Keeps file content in the same database, in <c>bstchat_file_contents</c> and
    /// <c>bstchat_file_chunks</c> (chunks of 256 KiB, written and read streamed), instead of files under
    /// <c>App_Data</c>: one thing to back up, and every instance of a scaled-out site sees it. Replaces
    /// any file store registered before. Suits files of a few MB (the default limit is 10 MB); for
    /// much larger files or heavy traffic a file system or object store is cheaper.
    /// </summary>
    /// <typeparam name="TContext">The context whose database holds the content; the same factory requirement as the store.</typeparam>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddEntityFrameworkCoreFileStore<TContext>(this BstChatBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatFileStore>(static sp =>
            ActivatorUtilities.CreateInstance<EfCoreFileStore<TContext>>(sp, ContextFactory<TContext>(sp))));
        return builder;
    }

    private static IDbContextFactory<TContext> ContextFactory<TContext>(IServiceProvider services)
        where TContext : DbContext =>
        services.GetService<IDbContextFactory<TContext>>() ?? throw new InvalidOperationException(
            $"The BstChat EF Core store needs an IDbContextFactory<{typeof(TContext).Name}>: register the context with "
            + $"services.AddDbContextFactory<{typeof(TContext).Name}>(…), which also keeps it injectable in your scopes, "
            + $"or AddPooledDbContextFactory<{typeof(TContext).Name}>(…), instead of AddDbContext.");
}
