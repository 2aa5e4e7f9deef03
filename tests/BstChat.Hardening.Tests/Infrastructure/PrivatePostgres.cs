using System.Diagnostics;
using System.Globalization;
using BstChat.Redis.Tests.Infrastructure;
using Npgsql;

namespace BstChat.Hardening.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own: a fresh cluster made by <c>initdb</c> in a temporary
/// folder, run by <c>pg_ctl</c> on a free loopback port with its unix socket in that folder, so a
/// test may stop it and start it again without disturbing the shared server other tests use.
/// initdb and pg_ctl refuse to run as root, so as root (CI) they run as <c>postgres</c> through
/// <c>runuser</c>, which owns the folder. Without the binaries the test skips, except under
/// <c>CI=true</c>, where it fails.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binaries;
    private readonly string _folder;
    private readonly bool _asPostgresUser;

    private PrivatePostgres(string binaries, string folder, bool asPostgresUser, int port)
    {
        _binaries = binaries;
        _folder = folder;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The cluster's superuser database over TCP; trust authentication, loopback only.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        // Fail fast while the server is down rather than hold a request for the default 15 s.
        Timeout = 3,
    }.ToString();

    private string DataFolder => Path.Combine(_folder, "data");

    private string LogFile => Path.Combine(_folder, "server.log");

    public static async Task<PrivatePostgres> StartAsync()
    {
        var binaries = FindBinaries();
        if (binaries is null)
        {
            const string reason = "PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed (apt-get install -y postgresql).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI=true requires PostgreSQL. {reason}");
            }

            Assert.Skip(reason);
        }

        var folder = Directory.CreateTempSubdirectory("bstchat-pg-").FullName;
        var asPostgresUser = Environment.UserName == "root";
        var server = new PrivatePostgres(binaries, folder, asPostgresUser, FreePort.Next());
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
        var options = string.Join(' ',
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", _folder,
            "-c", "listen_addresses=127.0.0.1",
            // Nothing here outlives the test, so durability against power loss buys nothing.
            "-c", "fsync=off",
            "-c", "full_page_writes=off");
        await RunPostgresToolAsync("pg_ctl", ["-D", DataFolder, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"]);
    }

    /// <summary>Stops the server at once, as a crash would: clients are cut off mid-transaction; the next start recovers from the WAL.</summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "-t", "60", "stop"]);
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
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            await RunPostgresToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"], mayFail: true);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, bool mayFail = false)
    {
        var executable = Path.Combine(_binaries, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], mayFail)
            : RunAsync(executable, arguments, mayFail);
    }

    private static async Task RunAsync(string executable, IReadOnlyList<string> arguments, bool mayFail = false)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !mayFail)
        {
            Assert.Fail($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    /// <summary>The newest installed PostgreSQL's binaries, e.g. <c>/usr/lib/postgresql/15/bin</c>.</summary>
    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(folder => Path.Combine(folder, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;
    }
}
