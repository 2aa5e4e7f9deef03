namespace BstChat.Bench.Driver;

/// <summary>How big each scenario runs: the full figures of issue 6, or the quick preset.</summary>
internal sealed record BenchSizes(
    int TransportRooms,
    int TransportListenersPerRoom,
    double TransportMessagesPerSecond,
    TimeSpan TransportSendFor,
    IReadOnlyList<int> IdleClientCounts,
    TimeSpan IdleSettle,
    TimeSpan IdleWindow,
    int PollWorkers,
    TimeSpan PollFor,
    IReadOnlyList<int> SenderCounts,
    TimeSpan SendFor)
{
    public static BenchSizes Full { get; } = new(
        TransportRooms: 100, TransportListenersPerRoom: 10, TransportMessagesPerSecond: 200, TransportSendFor: TimeSpan.FromSeconds(60),
        IdleClientCounts: [1_000, 5_000, 10_000], IdleSettle: TimeSpan.FromSeconds(5), IdleWindow: TimeSpan.FromSeconds(30),
        PollWorkers: 64, PollFor: TimeSpan.FromSeconds(10),
        SenderCounts: [1, 8, 64], SendFor: TimeSpan.FromSeconds(5));

    public static BenchSizes Quick { get; } = new(
        TransportRooms: 30, TransportListenersPerRoom: 10, TransportMessagesPerSecond: 60, TransportSendFor: TimeSpan.FromSeconds(6),
        IdleClientCounts: [1_000], IdleSettle: TimeSpan.FromSeconds(2), IdleWindow: TimeSpan.FromSeconds(6),
        PollWorkers: 32, PollFor: TimeSpan.FromSeconds(3),
        SenderCounts: [1, 8, 64], SendFor: TimeSpan.FromSeconds(1));
}
