namespace BstChat.Storage.EfCore.Files;

/// <summary>
/// A read-only, seekable view of content kept in chunks: it loads the chunk under the position
/// when a read needs it, so a range request reads only the chunks it covers and memory holds one
/// chunk at a time.
/// </summary>
internal sealed class ChunkedReadStream(long length, int chunkSize, Func<int, CancellationToken, ValueTask<byte[]>> readChunk) : Stream
{
    private byte[]? _chunk;
    private int _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        var index = (int)(_position / chunkSize);
        if (index != _chunkIndex)
        {
            _chunk = await readChunk(index, cancellationToken);
            _chunkIndex = index;
        }

        var offset = (int)(_position - ((long)index * chunkSize));
        var count = Math.Min(buffer.Length, _chunk!.Length - offset);
        _chunk.AsMemory(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("File content in the database is read asynchronously.");

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
