using BstChat.Backplane.Sample.Tests.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What a backplane package offers a site: one method on the builder.</summary>
public static class RemoteBackplaneBuilderExtensions
{
    /// <summary>Carries change notifications and typing state between instances through <paramref name="remote"/>.</summary>
    public static BstChat.BstChatBuilder AddRemoteBackplane(this BstChat.BstChatBuilder builder, InMemoryRemote remote)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(new RemoteConnection(remote)));
        return builder.AddChangeBackplane<RemoteChangeBackplane>().AddTypingBackplane<RemoteTypingBackplane>();
    }
}
