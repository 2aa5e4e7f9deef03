using System.Net.Http.Headers;
using System.Text;
using BstChat.Testing.Images;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>Real files of the kinds people upload, made in the test, and the multipart bodies that carry them.</summary>
public static class TestFiles
{
    /// <summary>A valid PNG of the given size, one grey pixel repeated.</summary>
    public static byte[] Png(int width, int height) => TestImages.Png(width, height);

    /// <summary>A one-page PDF's opening, enough for its type to be known by its first bytes.</summary>
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A page with script: what must never run from the chat's origin.</summary>
    public static byte[] Html() => Encoding.UTF8.GetBytes("<html><body><script>fetch('/chat/inbox')</script></body></html>");

    /// <summary>Bytes of no known kind.</summary>
    public static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A multipart/form-data body with one file part; <paramref name="partType"/> is what the client claims.</summary>
    public static MultipartFormDataContent Upload(byte[] content, string fileName, string partType = "application/octet-stream")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(partType);
        return new MultipartFormDataContent { { part, "file", fileName } };
    }
}
