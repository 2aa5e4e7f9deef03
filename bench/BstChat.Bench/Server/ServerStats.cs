namespace BstChat.Bench.Server;

/// <summary>The server's own view of its cost, read by the driver before and after each measurement.</summary>
/// <param name="CpuSeconds">Process CPU time (user + kernel) since start.</param>
/// <param name="Requests">Requests served outside <c>/bench</c> since start.</param>
/// <param name="ManagedBytes">Managed heap size.</param>
/// <param name="WorkingSetBytes">Process working set.</param>
internal sealed record ServerStats(double CpuSeconds, long Requests, long ManagedBytes, long WorkingSetBytes);
