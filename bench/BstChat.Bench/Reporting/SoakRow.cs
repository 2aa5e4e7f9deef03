namespace BstChat.Bench.Reporting;

/// <summary>One soak sample as reported: when, the server's state then, its load since the previous sample, and the machine's 1-minute load average.</summary>
internal sealed record SoakRow(
    TimeSpan At,
    double WorkingSetMiB,
    double ManagedMiB,
    long WaitingRequests,
    long TypingEntries,
    long PendingWorkItems,
    int ThreadPoolThreads,
    double CpuPercent,
    double RequestsPerSecond,
    double MachineLoad);
