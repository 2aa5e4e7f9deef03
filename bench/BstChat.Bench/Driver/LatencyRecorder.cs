namespace BstChat.Bench.Driver;

/// <summary>Collects delivery latencies from many receivers at once.</summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    public void Record(string text)
    {
        if (SendStamp.LatencyMs(text) is { } ms)
        {
            lock (_lock)
            {
                _samples.Add(ms);
            }
        }
    }

    public LatencySummary Summarize()
    {
        lock (_lock)
        {
            return LatencySummary.Of(_samples);
        }
    }
}
