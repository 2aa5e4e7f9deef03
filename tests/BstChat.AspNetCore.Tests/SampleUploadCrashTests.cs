using System.Net;
using System.Net.Sockets;
using System.Text;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Testing;
using Microsoft.Data.Sqlite;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample as a process on a SQLite file, killed (SIGKILL) in the middle of an upload: after a
/// restart nobody sees the file, no record of it is left, the half-received upload is cleaned
/// up, and uploads work again.
/// </summary>
public sealed class SampleUploadCrashTests : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"bstchat-crash-{Guid.NewGuid():N}");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Staging => Path.Combine(_root, "staging");

    private string Database => Path.Combine(_root, "chat.db");

    [Fact]
    public async Task A_server_killed_mid_upload_leaves_no_record_and_its_partial_upload_is_removed_at_restart()
    {
        Directory.CreateDirectory(_root);
        var first = await StartAsync();
        // A raw connection: the request's head and its first megabyte go out, the rest never does.
        using var connection = new TcpClient();
        await connection.ConnectAsync(first.BaseAddress.Host, first.BaseAddress.Port, Cancellation);
        var stream = connection.GetStream();
        var head = Encoding.ASCII.GetBytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /chat/conversations/lesson-1/files HTTP/1.1\r\nHost: {first.BaseAddress.Authority}\r\nCookie: {await SignInCookieAsync(first, "ben")}\r\n"
            + $"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {5 * 1024 * 1024}\r\n\r\n"), Cancellation);
        await stream.WriteAsync(head, Cancellation);
        await stream.WriteAsync(new byte[1024 * 1024], Cancellation);

        await ChatTestHost.WaitUntilAsync(async () =>
        {
            if (connection.Available > 0)
            {
                var answer = new byte[connection.Available];
                await stream.ReadExactlyAsync(answer, Cancellation);
                Assert.Fail($"The server answered before it was killed: {Encoding.ASCII.GetString(answer)}");
            }

            // Half of what was sent: the rest may still sit in the staged file's write buffer.
            return StagedBytes() >= 512 * 1024;
        });
        await first.KillAsync();
        await first.DisposeAsync();

        Assert.Equal(0, await FileRecordsAsync());
        // Staged files are deleted at start only once older than an upload could be; this one is made that old.
        foreach (var staged in Directory.EnumerateFiles(Staging))
        {
            File.SetLastWriteTimeUtc(staged, DateTime.UtcNow.AddHours(-2));
        }

        await using var second = await StartAsync();
        await ChatTestHost.WaitUntilAsync(() => Task.FromResult(!Directory.EnumerateFiles(Staging).Any()));
        Assert.Equal(0, await FileRecordsAsync());

        var again = await second.SignInAsync("ben");
        using var retry = await again.PostAsync("/chat/conversations/lesson-1/files", TestFiles.Upload(TestFiles.Pdf(), "homework.pdf"), Cancellation);
        var file = await retry.ReadAsync<ApiFile>(HttpStatusCode.Created);
        Assert.Equal(1, await FileRecordsAsync());
        using var read = await again.GetAsync(file.Url, Cancellation);
        Assert.Equal(TestFiles.Pdf(), await read.Content.ReadAsByteArrayAsync(Cancellation));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private Task<SampleInstance> StartAsync() => SampleInstance.StartAsync(new Dictionary<string, string>
    {
        ["Chat__Store"] = "Sqlite",
        ["ConnectionStrings__BstChat"] = $"Data Source={Database};Default Timeout=10",
        ["Chat__FilesDirectory"] = Path.Combine(_root, "content"),
        ["Chat__Files__StagingDirectory"] = Staging,
    });

    private long StagedBytes() =>
        Directory.Exists(Staging) ? Directory.EnumerateFiles(Staging).Sum(static path => new FileInfo(path).Length) : 0;

    private async Task<long> FileRecordsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM bstchat_files";
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private static async Task<string> SignInCookieAsync(SampleInstance sample, string user)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = sample.BaseAddress };
        using var response = await client.GetAsync($"/login?user={user}", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies.GetCookieHeader(sample.BaseAddress);
    }
}
