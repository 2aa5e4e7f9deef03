using System.Diagnostics.Metrics;

namespace BstChat.Bench.Server;

/// <summary>
/// Reads BstChat's own instruments on the "BstChat" meter, as a metrics exporter would: the
/// <c>bstchat.changes.waiting</c> up-down counter (summed from the first request, so this must
/// be created before the server starts) and the <c>bstchat.typing.entries</c> gauge.
/// </summary>
internal sealed class ChatGauges : IDisposable
{
    private const string MeterName = "BstChat";
    private const string Waiting = "bstchat.changes.waiting";
    private const string TypingEntries = "bstchat.typing.entries";

    private readonly MeterListener _listener = new();
    private long _waiting;
    private long _typingEntries;

    public ChatGauges()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is Waiting or TypingEntries)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>Requests held waiting now, and typing entries held in memory now.</summary>
    public (long Waiting, long TypingEntries) Read()
    {
        _listener.RecordObservableInstruments();
        return (Interlocked.Read(ref _waiting), Interlocked.Read(ref _typingEntries));
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string instrument, long value)
    {
        if (instrument == Waiting)
        {
            Interlocked.Add(ref _waiting, value);
        }
        else
        {
            Interlocked.Exchange(ref _typingEntries, value);
        }
    }
}
