using System.Collections.Concurrent;
using BstChat.Backplane;

namespace BstChat.Backplane.Sample.Tests.Transport;

/// <summary>
/// The "remote" every instance of a site connects to, kept in this process: a message bus for
/// change signals and a table of typing entries, as a broker or a cache server would hold them.
/// It can be taken away (<see cref="IsReachable"/>), as a network cut would take a server.
/// </summary>
public sealed class InMemoryRemote
{
    private readonly ConcurrentDictionary<Guid, (Guid Instance, Action<string> Deliver)> _subscribers = new();
    private readonly ConcurrentDictionary<(string ConversationId, string UserId), TypingEntry> _typing = new();

    /// <summary>Whether instances reach the remote; while not, every call answers at once as "away".</summary>
    public bool IsReachable { get; set; } = true;

    /// <summary>Delivers a change to every subscriber but those of the instance that published it, off the publisher's thread, as a network would.</summary>
    public void Publish(Guid fromInstance, string conversationId)
    {
        foreach (var (instance, deliver) in _subscribers.Values)
        {
            if (instance != fromInstance)
            {
                ThreadPool.QueueUserWorkItem(static state => state.Deliver(state.ConversationId), (Deliver: deliver, ConversationId: conversationId), preferLocal: false);
            }
        }
    }

    /// <summary>Adds a subscriber; a subscription outlives an outage, as a broker client's does.</summary>
    public IAsyncDisposable Subscribe(Guid instance, Action<string> deliver)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = (instance, deliver);
        return new Unsubscribe(() => _subscribers.TryRemove(id, out _));
    }

    public void SetTyping(string conversationId, TypingEntry entry) => _typing[(conversationId, entry.User.UserId)] = entry;

    public TypingEntry? RemoveTyping(string conversationId, string userId) =>
        _typing.TryRemove((conversationId, userId), out var entry) ? entry : null;

    public IReadOnlyCollection<TypingEntry> Typing(string conversationId) =>
        [.. _typing.Where(pair => pair.Key.ConversationId == conversationId).Select(pair => pair.Value)];

    private sealed class Unsubscribe(Action unsubscribe) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            unsubscribe();
            return ValueTask.CompletedTask;
        }
    }
}
