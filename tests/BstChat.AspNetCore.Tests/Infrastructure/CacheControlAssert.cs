namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>What an API answer must say about caching.</summary>
public static class CacheControlAssert
{
    /// <summary><c>Cache-Control: private, no-store</c>: one user's answer at one moment, kept by no cache.</summary>
    public static void IsPrivateNoStore(HttpResponseMessage response, string what)
    {
        var cacheControl = response.Headers.CacheControl;
        Assert.True(cacheControl is { Private: true, NoStore: true, Public: false }, $"{what} answered Cache-Control '{cacheControl}'.");
    }
}
