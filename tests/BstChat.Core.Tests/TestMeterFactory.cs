using System.Diagnostics.Metrics;

namespace BstChat.Core.Tests;

/// <summary>
/// Gives one host its own meters, so a <see cref="MeterListener"/> can tell them from the meters
/// of hosts in tests running alongside (<see cref="Meter.Scope"/> is this factory).
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

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
        lock (_meters)
        {
            _meters.ForEach(static meter => meter.Dispose());
            _meters.Clear();
        }
    }
}
