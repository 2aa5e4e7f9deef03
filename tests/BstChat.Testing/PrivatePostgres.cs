using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace BstChat.Testing;

/// <summary>
/// A PostgreSQL server of the test's own: a fresh cluster made by <c>initdb</c> in a temporary
/// folder, its <c>postgres</c> run in the foreground as an <see cref="OwnedProcess"/> on a free
/// loopback port with its unix socket in that folder, so a test may stop it and start it again
/// without disturbing any other server, and nothing of it outlives the test host. initdb and
/// postgres refuse to run as root, so as root (CI) they run as <c>postgres</c> through
/// <c>runuser</c>, which owns the folder. Without the binaries the test skips, except under
/// <c>CI=true</c>, where it fails.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    /// <summary>Hang guards only: initdb and a start take seconds even on a busy machine.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly string _binaries;
    private readonly string _folder;
    private readonly bool _asPostgresUser;
    private readonly int _maxConnections;
    private Process? _server;
    private ProcessOutput? _log;

    private PrivatePostgres(string binaries, string folder, bool asPostgresUser, int port, int maxConnections)
    {
        _binaries = binaries;
        _folder = folder;
        _asPostgresUser = asPostgresUser;
        _maxConnections = maxConnections;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Whether PostgreSQL's server binaries are installed here.</summary>
    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>What to install when <see cref="IsInstalled"/> is false.</summary>
    public const string NotInstalled = "PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed (apt-get install -y postgresql).";

    /// <summary>The cluster's superuser database over TCP; trust authentication, loopback only.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        // A stopped server refuses at once; this bounds only a connect that hangs.
        Timeout = 10,
    }.ToString();

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Makes a cluster and starts it.</summary>
    /// <param name="maxConnections">The server's <c>max_connections</c>.</param>
    public static async Task<PrivatePostgres> StartAsync(int maxConnections = 100)
    {
        var binaries = FindBinaries();
        if (binaries is null)
        {
            Requirement.Missing("PostgreSQL", NotInstalled);
        }

        var folder = Directory.CreateTempSubdirectory("bstchat-pg-").FullName;
        var asPostgresUser = Environment.UserName == "root";
        var server = new PrivatePostgres(binaries!, folder, asPostgresUser, FreePort.Next(), maxConnections);
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", folder]);
            }

            await server.RunPostgresToolAsync("initdb", ["-D", server.DataFolder, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on its port and returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        string[] settings =
        [
            "-D", DataFolder,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", _folder,
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"max_connections={_maxConnections.ToString(CultureInfo.InvariantCulture)}",
            // Nothing here outlives the test, so durability against power loss buys nothing. A
            // commit still reaches the WAL before it is acknowledged (synchronous_commit stays on):
            // the fault tests stop the server as a crash would and count on every acknowledged write.
            "-c", "fsync=off",
            "-c", "full_page_writes=off",
        ];
        var start = PostgresTool("postgres", settings);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _server = OwnedProcess.Start(start);
        _log = ProcessOutput.Drain(_server);

        var clock = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync())
        {
            if (_server.HasExited || clock.Elapsed > CommandTimeout)
            {
                Assert.Fail($"PostgreSQL on port {Port} did not start:\n{_log}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Stops the server at once, as a crash would: clients are cut off mid-transaction; the next start recovers from the WAL.</summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "-t", "60", "stop"]);
        await EndServerAsync();
    }

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ToString();

    /// <summary>Runs SQL as the superuser and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is { HasExited: false })
        {
            try
            {
                // The postmaster's own immediate stop also removes its shared memory; a kill would leave that behind.
                await RunPostgresToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "-t", "60", "stop"]);
            }
            catch (Exception exception) when (exception is Xunit.Sdk.XunitException)
            {
                // Killed below.
            }
        }

        await EndServerAsync();
        DeleteFolder();
    }

    /// <summary>Ends the server and deletes its folder without waiting on anything, for a process-exit handler.</summary>
    internal void DisposeNow()
    {
        try
        {
            _server?.Kill(entireProcessTree: true);
            _server?.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        DeleteFolder();
    }

    private async Task EndServerAsync()
    {
        if (_server is { } server)
        {
            await server.KillTreeAsync();
            server.Dispose();
        }

        _server = null;
    }

    private void DeleteFolder()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // Not listening yet, or still recovering ("the database system is starting up").
            NpgsqlConnection.ClearAllPools();
            return false;
        }
    }

    private ProcessStartInfo PostgresTool(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binaries, tool);
        return _asPostgresUser
            ? Command("runuser", ["-u", "postgres", "--", executable, .. arguments])
            : Command(executable, arguments);
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var start = PostgresTool(tool, arguments);
        return RunAsync(start.FileName, [.. start.ArgumentList]);
    }

    private static ProcessStartInfo Command(string executable, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static async Task RunAsync(string executable, IReadOnlyList<string> arguments)
    {
        var start = Command(executable, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = OwnedProcess.Start(start);
        var output = ProcessOutput.Drain(process);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await process.KillTreeAsync();
            Assert.Fail($"{executable} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalMinutes} min:\n{output}");
        }

        process.WaitForExit(); // drains the redirected output
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        }
    }

    /// <summary>The newest installed PostgreSQL's binaries, e.g. <c>/usr/lib/postgresql/15/bin</c>.</summary>
    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(folder => Path.Combine(folder, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;
    }
}
