using BstChat.Backplane.Specification;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.Redis.Tests;

/// <summary>
/// The backplane specification against the Redis backplane and a real redis-server of the test's
/// own, stopped and started again for the outage tests. Its command timeouts are minutes
/// (<see cref="RedisServer.PatientConnectionString"/>), so a call that waited on a missing Redis
/// instead of failing fast would outlast the specification's hang guard.
/// </summary>
public sealed class RedisBackplaneSpecificationTests : ChatBackplaneSpecification
{
    private RedisServer? _redis;

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis starts in InitializeAsync.");

    protected override bool CanInterruptTransport => true;

    protected override bool SharesPresence => true;

    public override async ValueTask InitializeAsync() => _redis = await RedisServer.StartAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    protected override void AddImplementation(BstChatBuilder builder) => builder.AddRedisBackplane(Redis.PatientConnectionString);

    protected override async ValueTask InterruptTransportAsync() => await Redis.StopAsync();

    protected override async ValueTask RestoreTransportAsync() => await Redis.StartAgainAsync();
}
