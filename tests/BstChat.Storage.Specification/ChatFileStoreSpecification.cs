using Xunit;

namespace BstChat.Storage.Specification;

/// <summary>
/// The <see cref="IChatFileStore"/> contract, as tests: a file store's test project subclasses this
/// and supplies <see cref="CreateStore"/>. Content goes in and out streamed, whole or not at all.
/// </summary>
public abstract class ChatFileStoreSpecification
{
    /// <summary>Returns the store under test; every instance sees the same content.</summary>
    protected abstract IChatFileStore CreateStore();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static byte[] Content(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]?> ReadAsync(IChatFileStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Cancellation);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancellation);
        return copy.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(81_920)]
    [InlineData(3 * 1024 * 1024 + 17)]
    public async Task Content_reads_back_byte_for_byte(int length)
    {
        var store = CreateStore();
        var key = NewKey();
        var content = Content(length);

        var written = await store.WriteAsync(key, new MemoryStream(content), Cancellation);

        Assert.Equal(length, written);
        Assert.Equal(content, await ReadAsync(CreateStore(), key));
    }

    [Fact]
    public async Task Content_is_read_from_a_stream_that_cannot_seek()
    {
        var store = CreateStore();
        var key = NewKey();
        var content = Content(200_000);

        await store.WriteAsync(key, new ForwardOnlyStream(content), Cancellation);

        Assert.Equal(content, await ReadAsync(store, key));
    }

    [Fact]
    public async Task A_read_stream_seeks_so_ranges_can_be_served()
    {
        var store = CreateStore();
        var key = NewKey();
        var content = Content(300_000);
        await store.WriteAsync(key, new MemoryStream(content), Cancellation);

        await using var stream = await store.OpenReadAsync(key, Cancellation);
        Assert.NotNull(stream);
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);
        stream.Position = 250_123;
        var tail = new byte[100];
        await stream.ReadExactlyAsync(tail, Cancellation);

        Assert.Equal(content.AsSpan(250_123, 100).ToArray(), tail);
    }

    [Fact]
    public async Task Writing_again_replaces_the_content()
    {
        var store = CreateStore();
        var key = NewKey();
        await store.WriteAsync(key, new MemoryStream(Content(5000, seed: 1)), Cancellation);

        await store.WriteAsync(key, new MemoryStream(Content(700, seed: 2)), Cancellation);

        Assert.Equal(Content(700, seed: 2), await ReadAsync(store, key));
    }

    [Fact]
    public async Task Nothing_is_stored_under_an_unknown_key_or_after_a_delete()
    {
        var store = CreateStore();
        var key = NewKey();
        await store.WriteAsync(key, new MemoryStream(Content(10)), Cancellation);

        await store.DeleteAsync(key, Cancellation);
        await store.DeleteAsync(key, Cancellation);
        await store.DeleteAsync(NewKey(), Cancellation);

        Assert.Null(await ReadAsync(store, key));
        Assert.Null(await ReadAsync(store, NewKey()));
    }

    [Fact]
    public async Task A_write_that_fails_midway_stores_nothing()
    {
        var store = CreateStore();
        var key = NewKey();

        await Assert.ThrowsAsync<IOException>(async () => await store.WriteAsync(key, new FailingStream(Content(500_000), failAfter: 300_000), Cancellation));

        Assert.Null(await ReadAsync(store, key));
    }

    [Fact]
    public async Task A_write_that_fails_midway_keeps_what_was_stored_before()
    {
        var store = CreateStore();
        var key = NewKey();
        await store.WriteAsync(key, new MemoryStream(Content(1000, seed: 3)), Cancellation);

        await Assert.ThrowsAsync<IOException>(async () => await store.WriteAsync(key, new FailingStream(Content(500_000), failAfter: 300_000), Cancellation));

        Assert.Equal(Content(1000, seed: 3), await ReadAsync(store, key));
    }

    /// <summary>A request body: read forward only.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A connection that drops: gives some bytes, then fails.</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The connection dropped.");
            }

            var read = Math.Min(Math.Min(count, failAfter - _position), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, read);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
