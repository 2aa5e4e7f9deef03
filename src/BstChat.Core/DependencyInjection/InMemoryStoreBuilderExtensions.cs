using BstChat;
using BstChat.Storage;
using BstChat.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the in-memory store.</summary>
public static class InMemoryStoreBuilderExtensions
{
    /// <summary>
    /// Keeps chat in this process's memory: nothing survives a restart and instances share
    /// nothing. For tests, demos and trying BstChat out. Replaces any store registered before.
    /// The same instance serves as <see cref="IChatFileCatalog"/> (file records; their content goes to the file store), <see cref="IChatStoreExport"/> and <see cref="IChatStoreImport"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddInMemoryStore(this BstChatBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryMessageStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore>(static sp => sp.GetRequiredService<InMemoryMessageStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatFileCatalog>(static sp => sp.GetRequiredService<InMemoryMessageStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatStoreExport>(static sp => sp.GetRequiredService<InMemoryMessageStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatStoreImport>(static sp => sp.GetRequiredService<InMemoryMessageStore>()));
        return builder;
    }
}
