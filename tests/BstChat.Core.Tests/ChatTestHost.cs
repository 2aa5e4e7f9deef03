using BstChat.Feed;
using BstChat.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace BstChat.Core.Tests;

/// <summary>
/// BstChat wired the way a host wires it (<c>AddBstChat().AddInMemoryStore()</c>), with
/// conversations where alice and bob are members and mod is a moderator; eve is in none.
/// </summary>
internal sealed class ChatTestHost : IAsyncDisposable
{
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Moderator = "mod";
    public const string Outsider = "eve";

    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    private ChatTestHost(ServiceProvider services)
    {
        _services = services;
        _scope = services.CreateAsyncScope();
        Chat = _scope.ServiceProvider.GetRequiredService<IChatService>();
    }

    public IChatService Chat { get; }

    public BstChatOptions Options => _services.GetRequiredService<IOptions<BstChatOptions>>().Value;

    /// <summary>The change-feed reads this host shares, to see what they keep.</summary>
    public ConversationHeadCache SharedReads => _services.GetRequiredService<ConversationHeadCache>();

    /// <summary>The rooms where this host's change-feed requests wait, one per conversation.</summary>
    public WaitingRooms Rooms => _services.GetRequiredService<WaitingRooms>();

    /// <summary>The number of change-feed requests waiting now.</summary>
    public int Waiting => _services.GetRequiredService<WaitLimiter>().Total;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Builds the host; <paramref name="replace"/> registers services before AddBstChat, which then
    /// keeps them. A <paramref name="store"/> replaces the host's own in-memory store, so two hosts
    /// can stand for two server instances over one database (each with its own notifier).
    /// </summary>
    public static ChatTestHost Create(
        Action<BstChatOptions>? configure = null,
        TimeProvider? time = null,
        IHostApplicationLifetime? lifetime = null,
        Action<IServiceCollection>? replace = null,
        IMessageStore? store = null)
    {
        var services = new ServiceCollection().AddLogging();
        replace?.Invoke(services);
        // Before AddBstChat, which adds the system clock only when no TimeProvider is registered.
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (lifetime is not null)
        {
            services.AddSingleton(lifetime);
        }

        services.AddBstChat(configure).AddInMemoryStore();
        if (store is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(store));
        }

        return new ChatTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>Creates a fresh conversation with alice, bob and the moderator in it.</summary>
    public async Task<string> CreateConversationAsync()
    {
        var id = $"lesson-{Guid.NewGuid():N}";
        await Chat.CreateConversationAsync(id, "Algebra", Cancellation);
        await Chat.AddMemberAsync(id, new ChatUser(Alice, "Alice"), MemberRole.Member, Cancellation);
        await Chat.AddMemberAsync(id, new ChatUser(Bob, "Bob"), MemberRole.Member, Cancellation);
        await Chat.AddMemberAsync(id, new ChatUser(Moderator, "Mod"), MemberRole.Moderator, Cancellation);
        return id;
    }

    public async Task<Message> SendAsync(string conversationId, string userId, string text = "hello") =>
        (await Chat.SendAsync(conversationId, userId, text, clientMessageId: null, Cancellation)).Message;

    /// <summary>Returns once <paramref name="count"/> change-feed requests are held waiting.</summary>
    public async Task UntilWaitingAsync(int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        // A hang guard only.
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (Waiting < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }

        // The lease is taken just before the wait subscribes and reads: give it time to settle into the wait.
        await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }
}
