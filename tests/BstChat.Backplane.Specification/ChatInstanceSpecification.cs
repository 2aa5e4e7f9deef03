using BstChat.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BstChat.Backplane.Specification;

/// <summary>
/// What every server instance's notifier and typing tracker do, whatever carries them: the
/// <see cref="Feed.IChatNotifier"/> and <see cref="Typing.ITypingTracker"/> contracts, as tests
/// on one instance. Subclass it with nothing to add to test the defaults <c>AddBstChat()</c>
/// registers; a backplane subclasses <see cref="ChatBackplaneSpecification"/>, which runs these
/// tests too.
/// </summary>
/// <remarks>
/// <para>Time is a <see cref="FakeTimeProvider"/> shared by the test's instances: timeouts and
/// typing expiry pass only when a test moves it, so a wait that ends was ended by what the test
/// did. Real-time bounds are hang guards only, a minute or more away.</para>
/// <para>The tests are split by topic into partial files: notifications, typing and the change
/// feed, and the user feed on two instances over one store. This file holds what they share.</para>
/// </remarks>
public abstract partial class ChatInstanceSpecification : IAsyncLifetime
{
    private readonly List<ChatInstance> _instances = [];

    /// <summary>Every instance's typing timeout: far longer than a test runs, so only <see cref="Time"/> moves an entry past it.</summary>
    protected static TimeSpan TypingTimeout { get; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a test waits for what must happen before it fails, as a hang guard only.</summary>
    protected static TimeSpan HangGuard { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock of every instance the test starts.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Adds the implementation under test to one instance, after <c>AddBstChat()</c> and its store:
    /// nothing, for the defaults; a backplane's own method (e.g. <c>AddRedisBackplane(…)</c>) otherwise.
    /// Instances of one test must share the backplane's transport.
    /// </summary>
    /// <param name="builder">The instance's builder.</param>
    protected abstract void AddImplementation(BstChatBuilder builder);

    /// <summary>Prepares what the test's instances share (a server, a transport); runs before each test.</summary>
    /// <returns>A task that completes when ready.</returns>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Stops every instance the test started, last first; runs after each test. Overrides call it before releasing what the instances shared.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public virtual async ValueTask DisposeAsync()
    {
        for (var i = _instances.Count - 1; i >= 0; i--)
        {
            await _instances[i].DisposeAsync();
        }

        _instances.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts an instance with <see cref="AddImplementation"/>, on <see cref="Time"/>; it stops after the test.</summary>
    /// <param name="store">The store, shared with the test's other instances; <see langword="null"/> for one of its own.</param>
    /// <returns>The running instance.</returns>
    protected async Task<ChatInstance> StartInstanceAsync(IMessageStore? store = null)
    {
        var instance = await ChatInstance.StartAsync(AddImplementation, Time, TypingTimeout, store, Cancellation);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>A conversation id unique to this test run.</summary>
    /// <returns>The id.</returns>
    protected static string NewConversationId() => $"spec-{Guid.NewGuid():N}";

    /// <summary>Fails when <paramref name="task"/> has not completed within <see cref="HangGuard"/>.</summary>
    private static Task<T> Soon<T>(Task<T> task) => task.WaitAsync(HangGuard, Cancellation);

    private static Task Soon(Task task) => task.WaitAsync(HangGuard, Cancellation);
}
