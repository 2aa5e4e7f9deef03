namespace BstChat.Bench.Driver;

/// <summary>How long and how hard the soak runs. Rates are totals per second across all clients.</summary>
/// <param name="Rooms">Conversations.</param>
/// <param name="MembersPerRoom">Clients per conversation; every one long-polls, any one may send.</param>
/// <param name="Duration">How long traffic runs.</param>
/// <param name="SampleEvery">How often the server is sampled.</param>
/// <param name="SendsPerSecond">Messages sent, each after a typing signal.</param>
/// <param name="LoneTypingPerSecond">Typing signals with no message after them (left to expire).</param>
/// <param name="EditsPerSecond">Edits of recent messages, by their authors.</param>
/// <param name="DeletesPerSecond">Deletes of recent messages, by their authors.</param>
/// <param name="MeanSession">How long a client stays connected on average before it leaves and comes back.</param>
/// <param name="ReadMarkerChance">The chance that a client answered with new messages moves its read marker.</param>
internal sealed record SoakSizes(
    int Rooms,
    int MembersPerRoom,
    TimeSpan Duration,
    TimeSpan SampleEvery,
    double SendsPerSecond,
    double LoneTypingPerSecond,
    double EditsPerSecond,
    double DeletesPerSecond,
    TimeSpan MeanSession,
    double ReadMarkerChance)
{
    public static SoakSizes Full { get; } = new(
        Rooms: 40, MembersPerRoom: 10, Duration: TimeSpan.FromMinutes(10), SampleEvery: TimeSpan.FromMinutes(1),
        SendsPerSecond: 10, LoneTypingPerSecond: 4, EditsPerSecond: 2, DeletesPerSecond: 1,
        MeanSession: TimeSpan.FromSeconds(60), ReadMarkerChance: 0.2);

    public static SoakSizes Quick { get; } = new(
        Rooms: 10, MembersPerRoom: 8, Duration: TimeSpan.FromMinutes(1), SampleEvery: TimeSpan.FromSeconds(10),
        SendsPerSecond: 5, LoneTypingPerSecond: 2, EditsPerSecond: 1, DeletesPerSecond: 0.5,
        MeanSession: TimeSpan.FromSeconds(15), ReadMarkerChance: 0.2);

    /// <summary>The preset, run for <paramref name="minutes"/> when given (sampled each minute).</summary>
    public static SoakSizes For(bool quick, double? minutes) =>
        minutes is { } m
            ? (quick ? Quick : Full) with { Duration = TimeSpan.FromMinutes(m), SampleEvery = TimeSpan.FromMinutes(1) }
            : quick ? Quick : Full;
}
