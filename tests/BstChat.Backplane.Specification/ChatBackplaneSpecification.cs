using Xunit;

namespace BstChat.Backplane.Specification;

/// <summary>
/// The backplane contract, as tests: several instances of one site on one transport wake each
/// other's readers and share typing state, and each carries on alone while the transport is away.
/// A backplane's test project subclasses this, supplying <see cref="ChatInstanceSpecification.AddImplementation"/>
/// (every instance of a test on the same transport); the one-instance tests of
/// <see cref="ChatInstanceSpecification"/> run too, on an instance with the backplane.
/// </summary>
/// <remarks>
/// <para>Modelled on ASP.NET Core SignalR's <c>ScaleoutHubLifetimeManagerTests</c>: one suite,
/// every backplane.</para>
/// <para>Instances in these tests share one in-memory store, as instances of a site share their
/// database. Time stands still unless a test moves it, so no store re-check ever runs: a waiting
/// request on one instance that answers with a change made on another was woken by the backplane.</para>
/// <para>The outage tests run when the subclass can take the transport away
/// (<see cref="CanInterruptTransport"/>) and are skipped otherwise. Configure the transport's
/// timeouts longer than <see cref="ChatInstanceSpecification.HangGuard"/>, so that a call that
/// waited on the missing transport, instead of answering at once, fails the test.</para>
/// </remarks>
public abstract partial class ChatBackplaneSpecification : ChatInstanceSpecification
{
    /// <summary>
    /// Whether <see cref="InterruptTransportAsync"/> and <see cref="RestoreTransportAsync"/> work,
    /// so the outage tests run. <see langword="false"/> unless overridden.
    /// </summary>
    protected virtual bool CanInterruptTransport => false;

    /// <summary>Takes the transport away from every instance, as a crash or a network cut would (e.g. kills the server).</summary>
    /// <returns>A task that completes when it is away.</returns>
    protected virtual ValueTask InterruptTransportAsync() => throw new NotSupportedException("Override CanInterruptTransport and InterruptTransportAsync.");

    /// <summary>Brings the transport back after <see cref="InterruptTransportAsync"/>; the instances must find it again by themselves.</summary>
    /// <returns>A task that completes when it is back (the instances may reconnect later).</returns>
    protected virtual ValueTask RestoreTransportAsync() => throw new NotSupportedException("Override CanInterruptTransport and RestoreTransportAsync.");

    /// <summary>Starts two instances of one site: one store, one transport.</summary>
    /// <returns>Instances A and B.</returns>
    protected async Task<(ChatInstance A, ChatInstance B)> StartTwoInstancesAsync()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync(a.Store);
        return (a, b);
    }

    private void SkipUnlessInterruptible() =>
        Assert.SkipUnless(CanInterruptTransport, $"{GetType().Name} cannot take its transport away (CanInterruptTransport).");
}
