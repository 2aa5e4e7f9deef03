using System.Diagnostics.Metrics;
using BstChat.Feed;
using BstChat.Storage;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace BstChat.Backplane.Specification;

/// <summary>
/// One server instance of a site, as the specification starts it: <c>AddBstChat()</c> with the
/// in-memory store (or a store shared with other instances), the implementation under test, and
/// the hosted services started as a host starts them. Public API only, as a host sees it.
/// </summary>
public sealed class ChatInstance : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly InstanceMeters _meters;
    private readonly List<IHostedService> _started = [];
    private readonly List<AsyncServiceScope> _requests = [];

    private ChatInstance(ServiceProvider services, InstanceMeters meters)
    {
        _services = services;
        _meters = meters;
    }

    /// <summary>The instance's services.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The notifier readers wait on.</summary>
    public IChatNotifier Notifier => _services.GetRequiredService<IChatNotifier>();

    /// <summary>The typing tracker.</summary>
    public ITypingTracker Typing => _services.GetRequiredService<ITypingTracker>();

    /// <summary>
    /// The chat service, as a host's own code or an HTTP request calls it: each read of this
    /// property is a request scope of its own, ended when the instance stops.
    /// </summary>
    public IChatService Chat
    {
        get
        {
            var request = _services.CreateAsyncScope();
            lock (_requests)
            {
                _requests.Add(request);
            }

            return request.ServiceProvider.GetRequiredService<IChatService>();
        }
    }

    /// <summary>The instance's store (the in-memory store, a singleton), to share with other instances of the same site.</summary>
    public IMessageStore Store => _services.GetRequiredService<IMessageStore>();

    /// <summary>
    /// Builds and starts an instance on <paramref name="time"/>, with <paramref name="store"/> as its
    /// store when given (instances of one site share theirs) and the in-memory store otherwise.
    /// </summary>
    /// <param name="addImplementation">Adds the implementation under test, e.g. a backplane.</param>
    /// <param name="time">The instance's clock; instances of one test share one.</param>
    /// <param name="typingTimeout">The instance's <see cref="BstChatOptions.TypingTimeout"/>.</param>
    /// <param name="store">The store to share, or <see langword="null"/> for a store of its own.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The running instance; dispose it to stop it.</returns>
    public static async Task<ChatInstance> StartAsync(
        Action<BstChatBuilder> addImplementation, TimeProvider time, TimeSpan typingTimeout, IMessageStore? store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addImplementation);
        var meters = new InstanceMeters();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton<IMeterFactory>(meters);
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var builder = services.AddBstChat(o => o.TypingTimeout = typingTimeout).AddInMemoryStore();
        if (store is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(store));
        }

        addImplementation(builder);
        var instance = new ChatInstance(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), meters);
        try
        {
            foreach (var hosted in instance._services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
                instance._started.Add(hosted);
            }
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>
    /// Waits until the instance holds <paramref name="count"/> change-feed requests waiting: each has
    /// read, found nothing new, and subscribed, so only a notification can answer it sooner than its
    /// deadline. A hang guard of a minute fails a request that never gets there.
    /// </summary>
    /// <param name="count">How many waiting requests to wait for.</param>
    public async Task UntilWaitingAsync(int count)
    {
        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        hangGuard.CancelAfter(TimeSpan.FromMinutes(1));
        while (_meters.Waiting < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), hangGuard.Token);
        }
    }

    /// <summary>Stops the hosted services, last started first, and disposes the services.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }

        _started.Clear();
        foreach (var request in _requests)
        {
            await request.DisposeAsync();
        }

        _requests.Clear();
        await _services.DisposeAsync();
        _meters.Dispose();
    }
}
