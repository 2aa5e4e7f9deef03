namespace BstChat.Bench.Server;

/// <summary>Counts the requests the measured endpoints served (the bench's own are left out).</summary>
internal sealed class RequestCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
