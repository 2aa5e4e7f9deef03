using System.Buffers.Binary;
using System.Text;
using BstChat.Feed;
using BstChat.Services;

namespace BstChat;

/// <summary>
/// Where a reader of the user feed stands: for each conversation it follows, the sequence number
/// seen up to and a fingerprint of the typing and read-marker state last shown; and a fingerprint
/// of the presence last shown. Clients treat its text form as opaque.
/// </summary>
/// <remarks>
/// The server keeps nothing per client, so the cursor carries the conversation ids themselves:
/// that is what lets it announce, once, a conversation the user was removed from. Its size is
/// bounded by <see cref="BstChatOptions.MaxFeedConversations"/>. The fingerprints are 32 bits: two
/// states that collide only delay showing a typing or read-marker change until the next one.
/// </remarks>
public sealed class UserCursor
{
    private const byte FormatVersion = 1;

    /// <summary>The longest text form accepted: the largest window (60) of the longest ids fits, and Kestrel's 8 KB request line still holds it.</summary>
    internal const int MaxTextLength = 7_000;

    private const int MaxConversations = 1_000;

    internal UserCursor(uint userKey, uint presenceHash, IReadOnlyDictionary<string, Position> positions)
    {
        UserKey = userKey;
        PresenceHash = presenceHash;
        Positions = positions;
    }

    /// <summary>A fingerprint of the user the cursor was issued to.</summary>
    internal uint UserKey { get; }

    /// <summary>The fingerprint of the presence last shown.</summary>
    internal uint PresenceHash { get; }

    /// <summary>Each conversation followed, by id.</summary>
    internal IReadOnlyDictionary<string, Position> Positions { get; }

    /// <summary>The text form sent to clients: URL-safe base64, no padding.</summary>
    public override string ToString()
    {
        using var bytes = new MemoryStream();
        bytes.WriteByte(FormatVersion);
        Span<byte> four = stackalloc byte[4];
        WriteUInt32(bytes, UserKey, four);
        WriteUInt32(bytes, PresenceHash, four);
        WriteVarint(bytes, (ulong)Positions.Count);
        foreach (var (id, position) in Positions.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            bytes.WriteByte((byte)id.Length);
            bytes.Write(Encoding.ASCII.GetBytes(id));
            WriteVarint(bytes, (ulong)position.Seq);
            WriteUInt32(bytes, position.StateHash, four);
        }

        return Convert.ToBase64String(bytes.GetBuffer(), 0, (int)bytes.Length).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Parses the text form made by <see cref="ToString"/>; anything else is refused.</summary>
    /// <param name="text">The cursor as the client sent it.</param>
    /// <param name="cursor">The parsed cursor.</param>
    /// <returns>Whether <paramref name="text"/> was a well-formed cursor.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UserCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength || !TryDecode(text, out var bytes))
        {
            return false;
        }

        var reader = new Reader(bytes);
        if (!reader.TryByte(out var version) || version != FormatVersion
            || !reader.TryUInt32(out var userKey) || !reader.TryUInt32(out var presenceHash)
            || !reader.TryVarint(out var count) || count > MaxConversations)
        {
            return false;
        }

        var positions = new Dictionary<string, Position>((int)count, StringComparer.Ordinal);
        for (var i = 0UL; i < count; i++)
        {
            if (!reader.TryId(out var id) || !reader.TryVarint(out var seq) || seq > long.MaxValue
                || !reader.TryUInt32(out var stateHash) || !positions.TryAdd(id, new Position((long)seq, stateHash)))
            {
                return false;
            }
        }

        if (!reader.AtEnd)
        {
            return false;
        }

        cursor = new UserCursor(userKey, presenceHash, positions);
        return true;
    }

    /// <summary>The 32-bit form of a 64-bit fingerprint kept in a cursor.</summary>
    internal static uint Fold(ulong hash) => (uint)(hash ^ (hash >> 32));

    /// <summary>The fingerprint of a user id, so a cursor is refused for anyone but the user it was issued to.</summary>
    internal static uint KeyOf(string userId) => Fold(StateFingerprint.Of(userId));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        if (padded.Length % 4 != 0 || text.Contains('+') || text.Contains('/') || text.Contains('='))
        {
            return false;
        }

        bytes = new byte[padded.Length / 4 * 3];
        return Convert.TryFromBase64String(padded, bytes, out var written) && (bytes = bytes[..written]).Length > 0;
    }

    private static void WriteUInt32(Stream to, uint value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(scratch, value);
        to.Write(scratch);
    }

    private static void WriteVarint(Stream to, ulong value)
    {
        while (value >= 0x80)
        {
            to.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        to.WriteByte((byte)value);
    }

    /// <summary>Where the reader stands in one conversation.</summary>
    /// <param name="Seq">Every change up to and including this sequence number has been seen (or skipped, with <c>hasMore</c>).</param>
    /// <param name="StateHash">The folded fingerprint of the typing and read-marker state last shown.</param>
    internal readonly record struct Position(long Seq, uint StateHash);

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool TryByte(out byte value)
        {
            value = 0;
            if (_rest.IsEmpty)
            {
                return false;
            }

            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool TryUInt32(out uint value)
        {
            value = 0;
            if (_rest.Length < 4)
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt32LittleEndian(_rest);
            _rest = _rest[4..];
            return true;
        }

        public bool TryVarint(out ulong value)
        {
            value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (!TryByte(out var b))
                {
                    return false;
                }

                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }

            return false;
        }

        public bool TryId(out string id)
        {
            id = "";
            if (!TryByte(out var length) || length == 0 || _rest.Length < length)
            {
                return false;
            }

            id = Encoding.ASCII.GetString(_rest[..length]);
            _rest = _rest[length..];
            return ChatValidation.IsValidId(id);
        }
    }
}
