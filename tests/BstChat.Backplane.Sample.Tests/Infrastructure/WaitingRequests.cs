using System.Diagnostics.Metrics;

namespace BstChat.Backplane.Sample.Tests.Infrastructure;

/// <summary>
/// One host's change-feed requests held waiting, read as a metrics exporter reads them: the
/// <c>bstchat.changes.waiting</c> counter of the <see cref="BstChatMeter"/>, from that host's meter factory only.
/// </summary>
public sealed class WaitingRequests : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _waiting;

    public WaitingRequests(IMeterFactory hostMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == hostMeters && instrument.Meter.Name == BstChatMeter.Name && instrument.Name == "bstchat.changes.waiting")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref _waiting, change));
        _listener.Start();
    }

    /// <summary>Waits until the host holds <paramref name="count"/> requests waiting; a hang guard of a minute.</summary>
    public async Task UntilAsync(int count)
    {
        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        hangGuard.CancelAfter(TimeSpan.FromMinutes(1));
        while (Interlocked.Read(ref _waiting) < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), hangGuard.Token);
        }
    }

    public void Dispose() => _listener.Dispose();
}
