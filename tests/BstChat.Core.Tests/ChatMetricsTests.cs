using System.Diagnostics.Metrics;
using BstChat.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>The "BstChat" meter as a metrics exporter reads it: through a <see cref="MeterListener"/>.</summary>
public sealed class ChatMetricsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _sums = [];
    private readonly Dictionary<string, long> _gauges = [];

    public ChatMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meters && instrument.Meter.Name == ChatMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_typing_entries_gauge_counts_the_entries_held()
    {
        await using var host = Create(replace: services => services.AddSingleton<IMeterFactory>(_meters));
        var id = await host.CreateConversationAsync();
        var before = Observe("bstchat.typing.entries");

        await host.Chat.SetTypingAsync(id, Alice, Cancellation);
        await host.Chat.SetTypingAsync(id, Bob, Cancellation);
        var bothTyping = Observe("bstchat.typing.entries");
        // A message clears its sender's typing entry.
        await host.SendAsync(id, Alice);
        var bobTyping = Observe("bstchat.typing.entries");

        Assert.Equal(0, before);
        Assert.Equal(2, bothTyping);
        Assert.Equal(1, bobTyping);
    }

    [Fact]
    public async Task The_waiting_requests_counter_rises_while_a_request_waits_and_falls_when_it_is_answered()
    {
        await using var host = Create(o => o.RecheckInterval = TimeSpan.FromMinutes(1), replace: services => services.AddSingleton<IMeterFactory>(_meters));
        var id = await host.CreateConversationAsync();
        var cursor = (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;

        var wait = host.Chat.GetChangesAsync(id, Alice, cursor, TimeSpan.FromSeconds(10), Cancellation).AsTask();
        await host.UntilWaitingAsync(1);
        var waiting = Sum("bstchat.changes.waiting");
        await host.SendAsync(id, Bob);
        await wait;

        Assert.Equal(1, waiting);
        Assert.Equal(0, Sum("bstchat.changes.waiting"));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    /// <summary>Collects the observable instruments now and answers the named gauge's value.</summary>
    private long Observe(string instrument)
    {
        _listener.RecordObservableInstruments();
        lock (_gauges)
        {
            return _gauges[instrument];
        }
    }

    /// <summary>The sum of every measurement an up-down counter reported so far.</summary>
    private long Sum(string instrument)
    {
        lock (_sums)
        {
            return _sums.GetValueOrDefault(instrument);
        }
    }

    private void Record(Instrument instrument, long value)
    {
        if (instrument is ObservableGauge<int> or ObservableGauge<long>)
        {
            lock (_gauges)
            {
                _gauges[instrument.Name] = value;
            }
        }
        else
        {
            lock (_sums)
            {
                _sums[instrument.Name] = _sums.GetValueOrDefault(instrument.Name) + value;
            }
        }
    }
}
