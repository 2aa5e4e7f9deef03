namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>A file as the API shows it: an upload's answer, and each attachment of a message.</summary>
public sealed record ApiFile(string FileId, string Name, string ContentType, long Size, int? Width, int? Height, string Url, string? ThumbnailUrl);

/// <summary>The part of a message that carries files.</summary>
public sealed record ApiMessageFiles(string Id, string Text, DateTimeOffset? DeletedAt, List<ApiFile> Attachments);

/// <summary>A history page, read for its messages' files.</summary>
public sealed record ApiHistoryFiles(List<ApiMessageFiles> Messages);

/// <summary>A change-feed answer, read for its messages' files.</summary>
public sealed record ApiChangesFiles(string Cursor, List<ApiMessageFiles> Messages);
