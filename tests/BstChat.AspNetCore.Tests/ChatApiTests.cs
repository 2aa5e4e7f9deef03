using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The HTTP API suite, run against a real Kestrel host (<see cref="ChatTestHost"/>). It is
/// abstract so every store runs the same suite: a store's test class subclasses it and overrides
/// <see cref="ConfigureStore"/>. The tests live in the <c>ChatApiTests.*.cs</c> files, one
/// concept each.
/// </summary>
/// <remarks>Each test starts its own host, so tests share no state and may change the options.</remarks>
public abstract partial class ChatApiTests : IAsyncDisposable
{
    private readonly List<ChatTestHost> _hosts = [];

    /// <summary>The test's cancellation, for calls made directly on an <see cref="HttpClient"/>.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Chooses the store under test. The in-memory store unless overridden.</summary>
    /// <param name="builder">The builder returned by <c>AddBstChat()</c>.</param>
    protected virtual void ConfigureStore(BstChatBuilder builder) => builder.AddInMemoryStore();

    /// <summary>Starts a seeded host with this suite's store; it is stopped when the test ends.</summary>
    /// <param name="configureChat">Changes to the test options of <see cref="ChatTestHost"/>.</param>
    /// <param name="configureServices">Services to add before <c>AddBstChat()</c>.</param>
    /// <param name="requireAuthorization">Whether the chat endpoints require an authenticated user.</param>
    protected async Task<ChatTestHost> StartHostAsync(
        Action<BstChatOptions>? configureChat = null,
        Action<IServiceCollection>? configureServices = null,
        bool requireAuthorization = true)
    {
        var host = await ChatTestHost.StartAsync(ConfigureStore, configureChat, configureServices, requireAuthorization, Cancellation);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await DisposeStoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what the store under test left behind, after every host has stopped.</summary>
    protected virtual ValueTask DisposeStoreAsync() => ValueTask.CompletedTask;
}
