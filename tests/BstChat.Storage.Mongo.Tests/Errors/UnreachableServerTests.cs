using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Errors;

/// <summary>
/// With no server listening (a loopback port nobody holds), every call of the store and of its
/// transfer fails with <see cref="ChatStoreUnavailableException"/>: the real driver, a real connection refusal.
/// </summary>
public sealed class UnreachableServerTests : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public UnreachableServerTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddBstChat().AddMongoStore(o =>
        {
            o.ConnectionString = $"mongodb://127.0.0.1:{FreeLoopbackPort()}/?serverSelectionTimeoutMS=300&connectTimeoutMS=300";
            o.DatabaseName = "bstchat_unreachable";
        });
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_read_reports_the_store_unavailable()
    {
        var store = _services.GetRequiredService<IMessageStore>();

        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(
            async () => await store.FindConversationAsync("lesson-1", TestContext.Current.CancellationToken));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(ChatStoreUnavailableException.DefaultRetryAfter, error.RetryAfter);
    }

    [Fact]
    public async Task A_write_reports_the_store_unavailable()
    {
        var store = _services.GetRequiredService<IMessageStore>();
        var message = new Storage.NewMessage
        {
            Id = "m1", ConversationId = "lesson-1", SenderId = "u1", SenderName = "Anna", Text = "Hi", CreatedAt = DateTimeOffset.UnixEpoch,
        };

        await Assert.ThrowsAsync<ChatStoreUnavailableException>(
            async () => await store.AppendMessageAsync(message, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_transfer_call_reports_the_store_unavailable()
    {
        var transfer = _services.GetRequiredService<IChatStoreImport>();

        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(async () => await transfer.CountAsync(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(
            async () => await transfer.ExportMessagesAsync("lesson-1", afterSeq: 0, limit: 10, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(
            async () => await transfer.ImportMembersAsync("lesson-1", [], TestContext.Current.CancellationToken));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
