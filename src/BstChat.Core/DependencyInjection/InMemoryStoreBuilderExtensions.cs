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
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddInMemoryStore(this BstChatBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore, InMemoryMessageStore>());
        return builder;
    }
}
