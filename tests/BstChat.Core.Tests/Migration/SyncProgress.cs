namespace BstChat.Core.Tests.Migration;

/// <summary>Runs the callback on the reporting thread, so a test can act at an exact point of a copy.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value)
    {
        Reports.Add(value);
        report(value);
    }
}
