namespace BstChat.Bench.Driver;

/// <summary>How big the two-instance scenario runs. Listeners per room must be even: half listen on each instance.</summary>
internal sealed record TwoInstanceSizes(int Rooms, int ListenersPerRoom, double MessagesPerSecond, TimeSpan SendFor)
{
    public static TwoInstanceSizes Full { get; } = new(Rooms: 40, ListenersPerRoom: 10, MessagesPerSecond: 20, SendFor: TimeSpan.FromSeconds(30));

    public static TwoInstanceSizes Quick { get; } = new(Rooms: 10, ListenersPerRoom: 6, MessagesPerSecond: 20, SendFor: TimeSpan.FromSeconds(4));
}
