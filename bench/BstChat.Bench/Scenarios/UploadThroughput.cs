using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 8: 20 users each uploading a 10 MB file at once, rounds of it, through BstChat's
/// upload endpoint and through the baseline on the same server (Kestrel reading the same
/// multipart body and writing its file to disk once, <see cref="UploadBaseline"/>), alternating.
/// Reports throughput of each, their ratio, and the server's peak memory above its resting
/// state while the 20 uploads are in flight, sampled every 50 ms, against the 200 MB they carry:
/// an upload is streamed to disk, so the peak must stay a small part of what is in flight.
/// </summary>
internal static class UploadThroughput
{
    private const string Name = "8 uploads";
    private const string Room = "up-0";
    private const int Uploaders = 20;
    private const int FileBytes = 10 * 1024 * 1024;

    public static async Task RunAsync(bool quick, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        var rounds = quick ? 2 : 5;
        Console.WriteLine($"Scenario {Name}: {Uploaders} parallel uploads of {FileBytes / (1024 * 1024)} MB, {rounds} rounds each way, {store.Name()} store");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        await server.SetUpRoomsAsync("up", rooms: 1, members: Uploaders, cancellationToken);
        var file = Pdf(FileBytes);

        // Warm both paths (JIT, connections, directories) before anything is timed.
        await RoundAsync(server, "chat/conversations/up-0/files", file, cancellationToken);
        await RoundAsync(server, "bench/upload", file, cancellationToken);

        Round bstChat = Round.None, baseline = Round.None;
        for (var round = 0; round < rounds; round++)
        {
            baseline += await RoundAsync(server, "bench/upload", file, cancellationToken);
            bstChat += await RoundAsync(server, $"chat/conversations/{Room}/files", file, cancellationToken);
        }

        var label = $"{store.Name()}, {Uploaders} × {FileBytes / (1024 * 1024)} MB at once, {rounds} rounds";
        var bstChatRate = bstChat.MegabytesPerSecond;
        var baselineRate = baseline.MegabytesPerSecond;
        results.Add(new ResultRow(Name, label, "BstChat upload throughput", bstChatRate, "MB/s"));
        results.Add(new ResultRow(Name, label, "baseline (multipart to disk) throughput", baselineRate, "MB/s"));
        var ratio = bstChatRate / baselineRate;
        results.Add(new ResultRow(Name, label, "ratio BstChat / baseline", ratio, "×", "≥ 0.5", ratio >= 0.5));
        var inFlightMb = Uploaders * (double)FileBytes / (1024 * 1024);
        results.Add(new ResultRow(Name, label, "BstChat peak working set above rest", bstChat.PeakWorkingSetMb, "MB", $"< {inFlightMb / 4:0} (¼ in flight)", bstChat.PeakWorkingSetMb < inFlightMb / 4));
        results.Add(new ResultRow(Name, label, "BstChat peak managed heap above rest", bstChat.PeakManagedMb, "MB"));
        results.Add(new ResultRow(Name, label, "baseline peak working set above rest", baseline.PeakWorkingSetMb, "MB"));
        results.Add(new ResultRow(Name, label, "baseline peak managed heap above rest", baseline.PeakManagedMb, "MB"));
        results.Add(new ResultRow(Name, label, "failed uploads", bstChat.Failures + baseline.Failures, "", "0", bstChat.Failures + baseline.Failures == 0));
    }

    /// <summary>One round: every uploader's file at once, the server's memory sampled until the last answer.</summary>
    private static async Task<Round> RoundAsync(ServerProcess server, string path, byte[] file, CancellationToken cancellationToken)
    {
        var rest = await server.StatsAsync(collectGarbage: true, cancellationToken);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = SampleAsync(server, rest, sampling.Token);
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, Uploaders).Select(i => UploadAsync(server.Http.Client, path, $"up-0-{i}", file, cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        var (workingSet, managed) = await peak;
        return new Round(Uploaders * (long)file.Length, seconds, workingSet, managed, answers.Count(ok => !ok));
    }

    private static async Task<bool> UploadAsync(HttpClient client, string path, string user, byte[] file, CancellationToken cancellationToken)
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var body = new MultipartFormDataContent { { part, "file", "worksheet.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Add(BenchUserAuthentication.Header, user);
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created;
    }

    /// <summary>The highest working set and managed heap above <paramref name="rest"/> seen until cancelled, in MB.</summary>
    private static async Task<(double WorkingSetMb, double ManagedMb)> SampleAsync(ServerProcess server, ServerStats rest, CancellationToken cancellationToken)
    {
        long workingSet = 0, managed = 0;
        try
        {
            while (true)
            {
                var now = await server.StatsAsync(collectGarbage: false, cancellationToken);
                workingSet = Math.Max(workingSet, now.WorkingSetBytes - rest.WorkingSetBytes);
                managed = Math.Max(managed, now.ManagedBytes - rest.ManagedBytes);
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return (workingSet / (1024.0 * 1024), managed / (1024.0 * 1024));
        }
    }

    /// <summary>A file BstChat accepts as a PDF by its first bytes, the rest random so nothing compresses it.</summary>
    private static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        new Random(8).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private sealed record Round(long Bytes, double Seconds, double PeakWorkingSetMb, double PeakManagedMb, int Failures)
    {
        public static Round None { get; } = new(0, 0, 0, 0, 0);

        public double MegabytesPerSecond => Bytes / (1024.0 * 1024) / Seconds;

        public static Round operator +(Round a, Round b) => new(
            a.Bytes + b.Bytes, a.Seconds + b.Seconds, Math.Max(a.PeakWorkingSetMb, b.PeakWorkingSetMb), Math.Max(a.PeakManagedMb, b.PeakManagedMb), a.Failures + b.Failures);
    }
}
