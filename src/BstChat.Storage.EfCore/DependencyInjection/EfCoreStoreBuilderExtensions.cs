using BstChat;
using BstChat.Storage;
using BstChat.Storage.EfCore.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the Entity Framework Core store.</summary>
public static class EfCoreStoreBuilderExtensions
{
    /// <summary>
    /// Keeps chat in the database of <typeparamref name="TContext"/>, whose <c>OnModelCreating</c>
    /// calls <c>modelBuilder.UseBstChat()</c> (or use <see cref="BstChat.Storage.EfCore.BstChatDbContext"/>
    /// for a database of its own). Register the context yourself, e.g. with <c>AddDbContext</c>.
    /// The store is scoped, like the context, and replaces any store registered before; so do its
    /// <see cref="IChatStoreExport"/> and <see cref="IChatStoreImport"/>, for copying chat between stores.
    /// </summary>
    /// <remarks>
    /// The store runs its own short transactions and never saves or discards the context's
    /// tracked changes; do not call BstChat while the same context has a transaction open.
    /// </remarks>
    /// <typeparam name="TContext">The host's context.</typeparam>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddEntityFrameworkCoreStore<TContext>(this BstChatBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Scoped<IMessageStore, EfCoreMessageStore<TContext>>());
        builder.Services.TryAddScoped<EfCoreStoreTransfer<TContext>>();
        builder.Services.Replace(ServiceDescriptor.Scoped<IChatStoreExport>(static sp => sp.GetRequiredService<EfCoreStoreTransfer<TContext>>()));
        builder.Services.Replace(ServiceDescriptor.Scoped<IChatStoreImport>(static sp => sp.GetRequiredService<EfCoreStoreTransfer<TContext>>()));
        return builder;
    }
}
