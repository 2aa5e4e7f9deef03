namespace BstChat.Services;

/// <summary>The input rules, one place for the service and the HTTP layer.</summary>
internal static class ChatValidation
{
    /// <summary>The longest id: conversation, message and client message ids.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest user id, title or display name.</summary>
    public const int MaxNameLength = 200;

    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static void ConversationId(string? id)
    {
        if (!IsValidId(id))
        {
            throw Invalid(ChatErrorCodes.InvalidConversationId,
                $"A conversation id is 1-{MaxIdLength} characters of letters, digits, '.', '_', ':' and '-'.");
        }
    }

    public static void MessageId(string? id)
    {
        if (!IsValidId(id))
        {
            throw Invalid(ChatErrorCodes.InvalidMessageId, $"A message id is 1-{MaxIdLength} characters of letters, digits, '.', '_', ':' and '-'.");
        }
    }

    public static void FileId(string? id)
    {
        // Ids are made here (Guid "N"); anything else cannot name a file, so it is refused before any read.
        if (id is null || id.Length != 32 || !id.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw Invalid(ChatErrorCodes.InvalidFileId, "A file id is 32 lower-case hexadecimal digits.");
        }
    }

    public static void Attachments(IReadOnlyList<string> fileIds, int max)
    {
        if (fileIds.Count > max || fileIds.Distinct(StringComparer.Ordinal).Count() != fileIds.Count)
        {
            throw Invalid(ChatErrorCodes.TooManyAttachments, $"A message carries at most {max} files, each once.");
        }

        foreach (var fileId in fileIds)
        {
            FileId(fileId);
        }
    }

    public static void ClientMessageId(string? id)
    {
        if (id is not null && !IsValidId(id))
        {
            throw Invalid(ChatErrorCodes.InvalidClientMessageId,
                $"A clientMessageId is 1-{MaxIdLength} characters of letters, digits, '.', '_', ':' and '-'.");
        }
    }

    public static void UserId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxNameLength || !IsCleanText(id, allowLineBreaks: false))
        {
            throw Invalid(ChatErrorCodes.InvalidUserId, $"A user id is 1-{MaxNameLength} characters with no control characters.");
        }
    }

    public static void Name(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || !IsCleanText(name, allowLineBreaks: false)
            || !VisibleText.HasVisibleContent(name))
        {
            throw Invalid(ChatErrorCodes.InvalidName, $"A {what} is 1-{MaxNameLength} characters, not only white space, with no control characters.");
        }

        if (!VisibleText.IsHonestName(name))
        {
            // Another member's name with an invisible character in it would look exactly like theirs.
            throw Invalid(ChatErrorCodes.InvalidName,
                $"A {what} may not hold invisible or direction-changing characters (zero-width spaces, fillers, bidirectional controls).");
        }
    }

    public static void Text(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(ChatErrorCodes.EmptyText, "The text is empty.");
        }

        if (text.Length > maxLength)
        {
            throw Invalid(ChatErrorCodes.TextTooLong, $"The text is {text.Length} characters; at most {maxLength} are allowed.");
        }

        if (!IsCleanText(text, allowLineBreaks: true))
        {
            throw Invalid(ChatErrorCodes.InvalidText,
                "The text holds invalid UTF-16 (a lone surrogate) or a control character other than tab and line breaks.");
        }

        if (!VisibleText.HasVisibleContent(text))
        {
            throw Invalid(ChatErrorCodes.EmptyText, "The text has nothing visible in it.");
        }

        if (VisibleText.HasBidiOverride(text))
        {
            // An override reverses what follows it ("txet erom dna exe.png" shows as a .png name); isolates and marks remain allowed.
            throw Invalid(ChatErrorCodes.InvalidText,
                "The text holds a bidirectional embedding or override (U+202A to U+202E), which can disguise what it says.");
        }
    }

    public static ChatException Invalid(string code, string message) => new(ChatErrorKind.Invalid, code, message);

    /// <summary>Well-formed UTF-16 that every store can hold: no lone surrogates, no NUL or other C0/C1 controls.</summary>
    private static bool IsCleanText(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
            {
                return false;
            }
        }

        return true;
    }
}
