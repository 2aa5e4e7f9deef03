using Microsoft.Extensions.Logging;

namespace BstChat.Thumbnails.Skia.Tests.Infrastructure;

/// <summary>Keeps the event ids logged, to tell why a thumbnail was not made.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<int> _events = [];

    public IReadOnlyList<int> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_events)
        {
            _events.Add(eventId.Id);
        }
    }
}
