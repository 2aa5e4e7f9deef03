namespace BstChat.Storage.EfCore.Mapping;

/// <summary>A row of <c>bstchat_file_chunks</c>: one piece of a write's content, by its index.</summary>
internal sealed class FileChunkEntity
{
    public required string ContentId { get; set; }

    public int Index { get; set; }

    public required byte[] Data { get; set; }
}
