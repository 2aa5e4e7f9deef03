namespace BstChat.Migration;

/// <summary>Byte-for-byte comparison of two streams read to their ends, a buffer at a time.</summary>
internal static class StreamContent
{
    public static async ValueTask<bool> EqualAsync(Stream a, Stream b, CancellationToken cancellationToken)
    {
        var left = new byte[81920];
        var right = new byte[81920];
        while (true)
        {
            var read = await a.ReadAtLeastAsync(left, left.Length, throwOnEndOfStream: false, cancellationToken);
            var other = await b.ReadAtLeastAsync(right, right.Length, throwOnEndOfStream: false, cancellationToken);
            if (read != other || !left.AsSpan(0, read).SequenceEqual(right.AsSpan(0, other)))
            {
                return false;
            }

            if (read < left.Length)
            {
                return true;
            }
        }
    }
}
