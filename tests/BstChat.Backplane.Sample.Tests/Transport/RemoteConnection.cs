namespace BstChat.Backplane.Sample.Tests.Transport;

/// <summary>One instance's connection to the <see cref="InMemoryRemote"/>, and its id there, so its own signals are not sent back to it.</summary>
public sealed class RemoteConnection(InMemoryRemote remote)
{
    public InMemoryRemote Remote { get; } = remote;

    public Guid InstanceId { get; } = Guid.NewGuid();
}
