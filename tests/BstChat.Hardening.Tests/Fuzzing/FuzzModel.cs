using System.Globalization;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>
/// What the API must hold after the acknowledged writes of one fuzz run: per conversation its
/// messages in their current state, its last seq, its read markers and the cursors handed out.
/// Only writes the API acknowledged (2xx) are applied; a refusal changes nothing.
/// </summary>
public sealed class FuzzModel(FuzzConversation first, FuzzConversation second)
{
    public const int MaxMessageLength = ChatTestHost.MaxMessageLength;
    public const int MaxRequestBodyBytes = ChatTestHost.MaxRequestBodyBytes;

    /// <summary>The default <see cref="BstChatOptions.MaxPageSize"/>, which the test host keeps.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The default <see cref="BstChatOptions.DefaultPageSize"/>.</summary>
    public const int DefaultPageSize = 50;

    public FuzzConversation First { get; } = first;

    public FuzzConversation Second { get; } = second;

    /// <summary>User-feed cursors the API handed out in this run, with whom to and where each stood in the run's conversations.</summary>
    public List<FuzzUserCursor> UserCursors { get; } = [];

    public FuzzConversation? Find(FuzzTarget target) => target switch
    {
        FuzzTarget.First => First,
        FuzzTarget.Second => Second,
        _ => null,
    };

    /// <summary>
    /// The design's text rule: something visible (not only white space and invisible format
    /// characters), at most the maximum length, well-formed UTF-16, no control characters but tab
    /// and line breaks, and no bidirectional override or embedding (U+202A–U+202E).
    /// </summary>
    public static bool IsValidText(string? text)
    {
        if (text is null || text.All(static c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            || text.Length > MaxMessageLength || text.Any(static c => c is >= '\u202A' and <= '\u202E'))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || (char.IsControl(text[i]) && text[i] is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The design's id rule: 1-64 characters of letters, digits, '.', '_', ':' and '-'.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    /// <summary>A whole number as the query rules take it: ASCII digits only, at most <paramref name="maxDigits"/>.</summary>
    public static long? ParseWhole(string? text, int maxDigits) =>
        !string.IsNullOrEmpty(text) && text.Length <= maxDigits && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>
    /// The seq of a cursor in the documented <c>{seq}.{hex}</c> form, or the tagged <c>{seq}.{hex}.{tag}</c> form the
    /// API hands out (the fuzzer only sends a conversation its own cursors), or <see langword="null"/> when it is not one.
    /// </summary>
    public static long? CursorSeq(string? cursor)
    {
        var dot = cursor?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (cursor is null || dot <= 0)
        {
            return null;
        }

        var last = cursor.LastIndexOf('.');
        if (last != dot)
        {
            var tag = cursor[(last + 1)..];
            if (tag.Length != 8 || !uint.TryParse(tag, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _))
            {
                return null;
            }

            cursor = cursor[..last];
        }

        var hash = cursor[(dot + 1)..];
        return cursor.Length <= 64 && ParseWhole(cursor[..dot], maxDigits: 19) is { } seq
            && hash.Length > 0 && ulong.TryParse(hash, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)
            ? seq
            : null;
    }
}

/// <summary>A user-feed cursor: the user it was issued to and its position (seq seen up to) in each of the run's conversations that user is in.</summary>
public sealed record FuzzUserCursor(string Owner, string Cursor, IReadOnlyDictionary<string, long> Positions);

/// <summary>One conversation of a fuzz run as the model holds it.</summary>
public sealed class FuzzConversation(string id, IReadOnlyDictionary<string, MemberRole> members)
{
    private readonly Dictionary<(string Sender, string ClientId), FuzzMessage> _byClientId = [];

    public string Id { get; } = id;

    public IReadOnlyDictionary<string, MemberRole> Members { get; } = members;

    public long LastSeq { get; private set; }

    /// <summary>Messages in seq order, current state.</summary>
    public List<FuzzMessage> Messages { get; } = [];

    public Dictionary<string, long> ReadMarkers { get; } = members.Keys.ToDictionary(user => user, _ => 0L);

    /// <summary>Cursors the API handed out, with the seq each stood for.</summary>
    public List<(string Cursor, long Seq)> Cursors { get; } = [];

    /// <summary>Client message ids each sender used here.</summary>
    public IEnumerable<FuzzMessage> SentBy(string sender) => _byClientId.Where(e => e.Key.Sender == sender).Select(e => e.Value);

    public bool IsMember(string? user) => user is not null && Members.ContainsKey(user);

    public FuzzMessage? FindByClientId(string sender, string clientId) => _byClientId.GetValueOrDefault((sender, clientId));

    public void Sent(ApiMessage message)
    {
        LastSeq++;
        var sent = new FuzzMessage(message.Id, LastSeq, message.SenderId, message.Text, message.ClientMessageId);
        Messages.Add(sent);
        if (message.ClientMessageId is { } clientId)
        {
            _byClientId[(message.SenderId, clientId)] = sent;
        }
    }

    public void Edited(FuzzMessage message, string text)
    {
        message.Text = text;
        message.ChangeSeq = ++LastSeq;
        message.Edited = true;
    }

    public void Deleted(FuzzMessage message)
    {
        message.Text = "";
        message.ChangeSeq = ++LastSeq;
        message.IsDeleted = true;
    }
}

/// <summary>A message's current state in the model.</summary>
public sealed class FuzzMessage(string id, long seq, string senderId, string text, string? clientMessageId)
{
    public string Id { get; } = id;

    public long Seq { get; } = seq;

    public long ChangeSeq { get; set; } = seq;

    public string SenderId { get; } = senderId;

    public string Text { get; set; } = text;

    public string? ClientMessageId { get; } = clientMessageId;

    public bool Edited { get; set; }

    public bool IsDeleted { get; set; }

    /// <summary>Whether the API's view of the message is this state.</summary>
    public bool Matches(ApiMessage message) =>
        message.Id == Id && message.Seq == Seq && message.ChangeSeq == ChangeSeq && message.SenderId == SenderId
        && message.Text == Text && message.ClientMessageId == ClientMessageId
        && (message.DeletedAt is not null) == IsDeleted && (IsDeleted || (message.EditedAt is not null) == Edited);

    public override string ToString() =>
        $"#{Seq}/{ChangeSeq} {Id} by {SenderId}{(IsDeleted ? " deleted" : "")}{(Edited ? " edited" : "")} \"{FuzzPrinter.Shorten(Text)}\"";
}
