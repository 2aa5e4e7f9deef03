namespace BstChat;

/// <summary>The stable error codes BstChat reports; clients may switch on them.</summary>
public static class ChatErrorCodes
{
    /// <summary>No signed-in user.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>No such conversation, or the caller is not a member of it.</summary>
    public const string ConversationNotFound = "conversation_not_found";

    /// <summary>No such message in the conversation.</summary>
    public const string MessageNotFound = "message_not_found";

    /// <summary>The user is not a member of the conversation (host API only).</summary>
    public const string MemberNotFound = "member_not_found";

    /// <summary>A conversation id is not 1-64 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public const string InvalidConversationId = "invalid_conversation_id";

    /// <summary>A message id is malformed.</summary>
    public const string InvalidMessageId = "invalid_message_id";

    /// <summary>A user id is empty or too long (host API only).</summary>
    public const string InvalidUserId = "invalid_user_id";

    /// <summary>A title or display name is empty, too long, or holds invisible or direction-changing characters (host API only).</summary>
    public const string InvalidName = "invalid_name";

    /// <summary>A client message id is not 1-64 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public const string InvalidClientMessageId = "invalid_client_message_id";

    /// <summary>The text is empty, or holds nothing visible (only white space and invisible characters).</summary>
    public const string EmptyText = "empty_text";

    /// <summary>The text is longer than <see cref="BstChatOptions.MaxMessageLength"/>.</summary>
    public const string TextTooLong = "text_too_long";

    /// <summary>The text holds invalid UTF-16, control characters other than tab and line breaks, or bidirectional overrides.</summary>
    public const string InvalidText = "invalid_text";

    /// <summary>A change-feed cursor is malformed or ahead of the conversation.</summary>
    public const string InvalidCursor = "invalid_cursor";

    /// <summary>A wait is not a whole number of seconds from zero up.</summary>
    public const string InvalidWait = "invalid_wait";

    /// <summary>A page size is outside 1..<see cref="BstChatOptions.MaxPageSize"/>.</summary>
    public const string InvalidLimit = "invalid_limit";

    /// <summary>A history position is not a sequence number from 1 up.</summary>
    public const string InvalidBefore = "invalid_before";

    /// <summary>A read marker is negative or past the conversation's last sequence number.</summary>
    public const string InvalidReadSeq = "invalid_read_seq";

    /// <summary>The request body is not valid JSON of the expected shape.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>The request body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The request body is larger than <see cref="BstChatOptions.MaxRequestBodyBytes"/>.</summary>
    public const string BodyTooLarge = "body_too_large";

    /// <summary>The same client message id was sent before with different text.</summary>
    public const string IdempotencyConflict = "idempotency_conflict";

    /// <summary>The message was deleted and can no longer be edited.</summary>
    public const string MessageDeleted = "message_deleted";

    /// <summary>Only the author may edit a message; only the author or a moderator may delete it.</summary>
    public const string NotAllowed = "not_allowed";

    /// <summary>The user already holds as many waiting change-feed requests as allowed.</summary>
    public const string TooManyWaits = "too_many_waits";

    /// <summary>The server already holds as many waiting change-feed requests, across all users, as allowed.</summary>
    public const string TooManyWaitsInTotal = "too_many_waits_in_total";

    /// <summary>The user sent, edited or deleted faster than <see cref="BstChatOptions.WriteRate"/> allows.</summary>
    public const string TooManyWrites = "too_many_writes";

    /// <summary>The user signalled typing faster than <see cref="BstChatOptions.TypingRate"/> allows.</summary>
    public const string TooManyTypingSignals = "too_many_typing_signals";

    /// <summary>The user read faster than <see cref="BstChatOptions.ReadRate"/> allows.</summary>
    public const string TooManyReads = "too_many_reads";

    /// <summary>No such file in the conversation, or the caller is not a member of it.</summary>
    public const string FileNotFound = "file_not_found";

    /// <summary>A file id is not 32 lower-case hex digits.</summary>
    public const string InvalidFileId = "invalid_file_id";

    /// <summary>An upload is not <c>multipart/form-data</c> with exactly one file part, or its body ended early.</summary>
    public const string InvalidMultipart = "invalid_multipart";

    /// <summary>An uploaded file has no content.</summary>
    public const string EmptyFile = "empty_file";

    /// <summary>An uploaded file is larger than <see cref="ChatFileOptions.MaxFileBytes"/>.</summary>
    public const string FileTooLarge = "file_too_large";

    /// <summary>An uploaded file's content is not of a type in <see cref="ChatFileOptions.AllowedContentTypes"/>.</summary>
    public const string FileTypeNotAllowed = "file_type_not_allowed";

    /// <summary>The host's file scanner refused the file.</summary>
    public const string FileRefused = "file_refused";

    /// <summary>The upload would take the user or the conversation over its file quota.</summary>
    public const string FileQuotaExceeded = "file_quota_exceeded";

    /// <summary>An image whose structure could not be followed, so its metadata could not be removed; nothing was stored.</summary>
    public const string InvalidImage = "invalid_image";

    /// <summary>The user uploaded faster than <see cref="ChatFileOptions.UploadRate"/> allows.</summary>
    public const string TooManyUploads = "too_many_uploads";

    /// <summary>A send names more files than <see cref="ChatFileOptions.MaxAttachmentsPerMessage"/>, or one twice.</summary>
    public const string TooManyAttachments = "too_many_attachments";

    /// <summary>A send names a file that is not the sender's upload to this conversation, expired, or already sent.</summary>
    public const string InvalidAttachments = "invalid_attachments";

    /// <summary>The store is unreachable; retry later.</summary>
    public const string StoreUnavailable = "store_unavailable";
}
