namespace BstChat.Bench.Server;

/// <summary>One soak sample of the server's state, from <c>GET /bench/soak-sample</c>.</summary>
/// <param name="CpuSeconds">Process CPU time (user + kernel) since start.</param>
/// <param name="Requests">Requests served outside <c>/bench</c> since start.</param>
/// <param name="WorkingSetBytes">Process working set, after a full compacting GC.</param>
/// <param name="ManagedBytes">Managed heap, after a full compacting GC: live data.</param>
/// <param name="WaitingRequests">Change-feed requests held waiting (BstChat's own counter).</param>
/// <param name="TypingEntries">Typing entries held in memory (BstChat's own gauge).</param>
/// <param name="PendingWorkItems">Thread-pool work items queued, not yet started (read before the GC).</param>
/// <param name="ThreadPoolThreads">Thread-pool threads (read before the GC).</param>
internal sealed record SoakSample(
    double CpuSeconds,
    long Requests,
    long WorkingSetBytes,
    long ManagedBytes,
    long WaitingRequests,
    long TypingEntries,
    long PendingWorkItems,
    int ThreadPoolThreads);
