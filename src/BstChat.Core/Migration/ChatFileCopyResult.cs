namespace BstChat.Migration;

/// <summary>What a file copy did.</summary>
/// <param name="Files">Files copied or found already copied, in every state a copy carries.</param>
/// <param name="FilesWritten">File records written; the rest the target held already.</param>
/// <param name="ContentWritten">Contents and thumbnails written; the rest the target held already, byte for byte.</param>
/// <param name="StillUploading">Files left out because they were still uploading: their content may be incomplete, and the source's sweeper removes them.</param>
/// <param name="ContentMissing">Files left out because the source's file store has no content for them, as <c>file {id} in {conversation}</c>: a wrong file directory, or content lost.</param>
public sealed record ChatFileCopyResult(long Files, long FilesWritten, long ContentWritten, long StillUploading, IReadOnlyList<string> ContentMissing);
