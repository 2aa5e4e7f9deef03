using System.Collections;

namespace BstChat;

/// <summary>
/// The files a message carries, in the order the sender attached them. Equal when their items
/// are, so a <see cref="Message"/> read back from any store equals the one that was stored.
/// </summary>
public sealed class MessageAttachments : IReadOnlyList<MessageAttachment>, IEquatable<MessageAttachments>
{
    private readonly MessageAttachment[] _items;

    private MessageAttachments(MessageAttachment[] items) => _items = items;

    /// <summary>No attachments: what every message without files, and every tombstone, carries.</summary>
    public static MessageAttachments Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public MessageAttachment this[int index] => _items[index];

    /// <summary>Makes a list of attachments.</summary>
    /// <param name="items">The attachments, in order.</param>
    /// <returns>The list; <see cref="Empty"/> when there are none.</returns>
    public static MessageAttachments Of(IEnumerable<MessageAttachment> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        if (Array.Exists(array, static item => item is null))
        {
            throw new ArgumentException("An attachment is null.", nameof(items));
        }

        return array.Length == 0 ? Empty : new(array);
    }

    /// <inheritdoc />
    public IEnumerator<MessageAttachment> GetEnumerator() => ((IEnumerable<MessageAttachment>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(MessageAttachments? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MessageAttachments);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
