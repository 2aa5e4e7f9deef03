using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// The file part of an upload, read-only, with the ways reading it fails told apart: the body cut
/// by the server's size limit is 413, a body that ends before the part does (a truncated upload)
/// is 400, and either stores nothing, since the file is read whole before anything is written.
/// </summary>
internal sealed class UploadBodyStream(Stream part, long maxFileBytes) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await part.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } refusal)
        {
            throw refusal;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Uploads are read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>What a failed read of the part means to the uploader, or nothing when the client went away.</summary>
    internal static ChatException? Translate(Exception exception, long maxFileBytes, CancellationToken cancellationToken) => exception switch
    {
        _ when cancellationToken.IsCancellationRequested => null,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => FileUploads.TooLarge(maxFileBytes),
        IOException or InvalidDataException => FileUploads.Truncated(),
        _ => null,
    };

    private ChatException? Translate(Exception exception, CancellationToken cancellationToken) => Translate(exception, maxFileBytes, cancellationToken);
}
