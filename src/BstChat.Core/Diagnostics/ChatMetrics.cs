using System.Diagnostics.Metrics;
using BstChat.Typing;

namespace BstChat.Diagnostics;

/// <summary>BstChat's counters and gauges, on the meter named <see cref="MeterName"/>.</summary>
internal sealed class ChatMetrics
{
    public const string MeterName = BstChatMeter.Name;

    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesReplayed;
    private readonly Counter<long> _messagesChanged;
    private readonly Counter<long> _changeRequests;
    private readonly UpDownCounter<long> _waitingRequests;
    private readonly Counter<long> _waitsRefused;

    // The generic host provides a meter factory; bare service collections (tests, tools) may not.
    // Typing entries are read from this process's in-memory tracker: the default tracker, and
    // a typing backplane's local copy, so the gauge shows what this process's memory holds.
    public ChatMetrics(InMemoryTypingTracker typingTracker, IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _messagesSent = meter.CreateCounter<long>("bstchat.messages.sent", "{message}", "Messages stored, system messages included.");
        _messagesReplayed = meter.CreateCounter<long>("bstchat.messages.replayed", "{message}", "Sends answered with an earlier message of the same client message id.");
        _messagesChanged = meter.CreateCounter<long>("bstchat.messages.changed", "{message}", "Messages edited or deleted.");
        _changeRequests = meter.CreateCounter<long>("bstchat.changes.requests", "{request}", "Change-feed requests answered.");
        _waitingRequests = meter.CreateUpDownCounter<long>("bstchat.changes.waiting", "{request}", "Change-feed requests held waiting now.");
        _waitsRefused = meter.CreateCounter<long>("bstchat.changes.refused", "{request}", "Waits refused because the user, or the server, held too many.");
        meter.CreateObservableGauge("bstchat.typing.entries", () => typingTracker.EntryCount, "{entry}", "Typing entries held in this process's memory, expired ones not yet swept included.");
    }

    public void MessageSent() => _messagesSent.Add(1);

    public void MessageReplayed() => _messagesReplayed.Add(1);

    public void MessageChanged() => _messagesChanged.Add(1);

    public void ChangesAnswered() => _changeRequests.Add(1);

    public void WaitStarted() => _waitingRequests.Add(1);

    public void WaitEnded() => _waitingRequests.Add(-1);

    public void WaitRefused() => _waitsRefused.Add(1);
}
