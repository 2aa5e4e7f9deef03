using System.Diagnostics.Metrics;

namespace BstChat.Backplane.Specification;

/// <summary>
/// Gives one instance its own meters, so a test can read that instance's change-feed requests held
/// waiting (<c>bstchat.changes.waiting</c> on the <see cref="BstChatMeter"/>) apart from the other
/// instances' and from tests running alongside (<see cref="Meter.Scope"/> is this factory).
/// </summary>
internal sealed class InstanceMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private long _waiting;

    public InstanceMeters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == this && instrument.Name == "bstchat.changes.waiting")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref _waiting, change));
        _listener.Start();
    }

    /// <summary>The change-feed requests this instance holds waiting now.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    public Meter Create(MeterOptions options)
    {
        options.Scope = this;
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_meters)
        {
            _meters.ForEach(static meter => meter.Dispose());
            _meters.Clear();
        }
    }
}
