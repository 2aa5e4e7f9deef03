using BstChat.Backplane.Sample.Tests.Transport;
using BstChat.Backplane.Specification;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.Backplane.Sample.Tests;

/// <summary>The backplane specification, as a third party runs it, against the in-memory remote.</summary>
public sealed class RemoteBackplaneSpecificationTests : ChatBackplaneSpecification
{
    private readonly InMemoryRemote _remote = new();

    protected override bool CanInterruptTransport => true;

    protected override void AddImplementation(BstChatBuilder builder) => builder.AddRemoteBackplane(_remote);

    protected override ValueTask InterruptTransportAsync()
    {
        _remote.IsReachable = false;
        return ValueTask.CompletedTask;
    }

    protected override ValueTask RestoreTransportAsync()
    {
        _remote.IsReachable = true;
        return ValueTask.CompletedTask;
    }
}
