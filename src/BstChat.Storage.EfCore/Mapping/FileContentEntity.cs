namespace BstChat.Storage.EfCore.Mapping;

/// <summary>
/// A row of <c>bstchat_file_contents</c>: one write of a file store key. Its chunks are written
/// first and <see cref="IsComplete"/> last, so a reader never sees part of a write.
/// </summary>
internal sealed class FileContentEntity
{
    /// <summary>This write's own id (a version-7 GUID, so later writes sort later); its chunks carry it.</summary>
    public required string Id { get; set; }

    public required string Key { get; set; }

    public long Length { get; set; }

    public int ChunkSize { get; set; }

    public bool IsComplete { get; set; }
}
