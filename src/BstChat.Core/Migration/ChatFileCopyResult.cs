namespace BstChat.Migration;

/// <summary>What a file copy did.</summary>
/// <param name="Files">Files found in the source's conversations, in every state a copy carries.</param>
/// <param name="FilesWritten">File records written; the rest the target held already.</param>
/// <param name="ContentWritten">Contents and thumbnails written; the rest the target held already, byte for byte.</param>
/// <param name="Skipped">Files left out: still uploading (their content may be incomplete), or whose content the source has lost, one line each.</param>
public sealed record ChatFileCopyResult(long Files, long FilesWritten, long ContentWritten, IReadOnlyList<string> Skipped);
