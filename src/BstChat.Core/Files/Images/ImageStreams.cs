namespace BstChat.Files.Images;

/// <summary>Exact reads and copies for the image rewriters, where a short read means a cut-off file.</summary>
internal static class ImageStreams
{
    public static async ValueTask<byte[]> ReadAsync(Stream source, int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        if (await source.ReadAtLeastAsync(bytes, count, throwOnEndOfStream: false, cancellationToken) < count)
        {
            throw InvalidImage.Because("it ends early");
        }

        return bytes;
    }

    public static async ValueTask CopyAsync(Stream source, Stream? target, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(81920, Math.Max(count, 1))];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                throw InvalidImage.Because("it ends early");
            }

            if (target is not null)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            count -= read;
        }
    }

    public static async ValueTask WriteAsync(Stream? target, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (target is not null)
        {
            await target.WriteAsync(bytes, cancellationToken);
        }
    }
}
