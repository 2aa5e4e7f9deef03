using System.Net;
using System.Net.Http.Headers;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>A body of a declared length, generated as it is sent, that counts what it sent.</summary>
public sealed class CountingContent : HttpContent
{
    private readonly long _length;

    public CountingContent(long length, string mediaType)
    {
        _length = length;
        Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
    }

    /// <summary>How many bytes went out.</summary>
    public long Sent { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var block = new byte[64 * 1024];
        while (Sent < _length)
        {
            var count = (int)Math.Min(block.Length, _length - Sent);
            await stream.WriteAsync(block.AsMemory(0, count));
            Sent += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
