using Microsoft.Extensions.DependencyInjection;

namespace BstChat;

/// <summary>Returned by <c>AddBstChat()</c>; store and backplane packages add their <c>Add…</c> methods to it.</summary>
public sealed class BstChatBuilder
{
    internal BstChatBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's service collection.</summary>
    public IServiceCollection Services { get; }
}
