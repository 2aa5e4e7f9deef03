using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BstChat.Migration;

/// <summary>
/// A SHA-256 over every field of a conversation's messages, fed in seq order, then of its
/// revisions, in change seq order: two stores whose fingerprints and counts agree hold the same
/// messages and the same record of their edits and deletes.
/// </summary>
internal sealed class ConversationFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Messages { get; private set; }

    public void Add(Message message)
    {
        Messages++;
        Add(message.Id);
        Add(message.ConversationId);
        Add(message.Seq);
        Add(message.ChangeSeq);
        Add(message.SenderId);
        Add(message.SenderName);
        Add(message.Text);
        Add(message.ClientMessageId);
        Add(message.CreatedAt.UtcTicks);
        Add(message.EditedAt?.UtcTicks);
        Add(message.DeletedAt?.UtcTicks);
    }

    public long Revisions { get; private set; }

    public void Add(MessageRevision revision)
    {
        Revisions++;
        Add(revision.ConversationId);
        Add(revision.ChangeSeq);
        Add(revision.MessageId);
        Add((long)revision.Kind);
        Add(revision.PreviousText);
        Add(revision.ChangedBy);
        Add(revision.ChangedAt.UtcTicks);
    }

    /// <summary>The fingerprint as 32 hex digits (the first half of the hash).</summary>
    public string Complete() => Convert.ToHexStringLower(_hash.GetCurrentHash().AsSpan(0, 16));

    public void Dispose() => _hash.Dispose();

    private void Add(long? value) => Add(value?.ToString(CultureInfo.InvariantCulture));

    // Length-prefixed, with null apart from "", so no two rows feed the same bytes.
    private void Add(string? value)
    {
        var text = value is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{value.Length}:{value}");
        _hash.AppendData(Encoding.UTF8.GetBytes(text));
    }
}
