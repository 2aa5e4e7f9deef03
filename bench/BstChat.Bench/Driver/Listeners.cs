namespace BstChat.Bench.Driver;

/// <summary>A set of simulated receivers, running until disposed.</summary>
internal interface IListeners : IAsyncDisposable
{
    /// <summary>Transport failures seen (each one retried).</summary>
    int Errors { get; }

    /// <summary>Connects every receiver; returns once all of them would see a message sent now.</summary>
    Task StartAsync(IReadOnlyList<(string Room, string User)> members, LatencyRecorder recorder, CancellationToken cancellationToken);
}
