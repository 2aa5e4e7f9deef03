using System.Diagnostics;

namespace BstChat.Testing;

/// <summary>
/// Starts a process that cannot outlive the test host. The command runs under a small bash guard,
/// in a process group of its own; the guard's standard input is a pipe whose only writer is the
/// test host, so when the host exits — normally, by an exception, or killed — the guard reads
/// end-of-file and ends the whole group (SIGTERM, then SIGKILL after 3 s) (a server and everything it forked). A test ends it
/// earlier with <see cref="KillTreeAsync"/>. Linux has <c>PR_SET_PDEATHSIG</c> for this, but .NET
/// cannot set it between fork and exec, hence the guard.
/// </summary>
public static class OwnedProcess
{
    // $1… is the command. fd 3 keeps the host's pipe for the watcher; the command itself gets /dev/null.
    private const string Guard = """
        exec 3<&0 0</dev/null
        setsid "$@" &
        child=$!
        trap 'kill -TERM "$child" 2>/dev/null' TERM INT
        ( while read -r -u 3 _; do :; done; kill -TERM -- "-$child" 2>/dev/null; sleep 3; kill -KILL -- "-$child" 2>/dev/null ) &
        watcher=$!
        exec 3<&-
        while :; do
          wait "$child"; status=$?
          kill -0 "$child" 2>/dev/null || break
        done
        kill -KILL -- "-$child" 2>/dev/null
        kill -KILL "$watcher" 2>/dev/null
        exit "$status"
        """;

    /// <summary>
    /// Starts <paramref name="command"/> under the guard. Its file name, arguments (as
    /// <see cref="ProcessStartInfo.ArgumentList"/>), environment, working folder and output
    /// redirection are kept; its standard input belongs to the guard.
    /// </summary>
    public static Process Start(ProcessStartInfo command)
    {
        if (!string.IsNullOrEmpty(command.Arguments) || command.UseShellExecute || command.RedirectStandardInput)
        {
            throw new ArgumentException("Give the arguments as ArgumentList, without shell execution or standard input.", nameof(command));
        }

        var guarded = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = command.RedirectStandardOutput,
            RedirectStandardError = command.RedirectStandardError,
            UseShellExecute = false,
        };
        foreach (var argument in (IEnumerable<string>)["-c", Guard, "bstchat-guard", command.FileName, .. command.ArgumentList])
        {
            guarded.ArgumentList.Add(argument);
        }

        guarded.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            guarded.Environment[name] = value;
        }

        return Process.Start(guarded) ?? throw new InvalidOperationException($"{command.FileName} did not start.");
    }

    /// <summary>Kills the process and every process under it, and waits until it has exited.</summary>
    public static async Task KillTreeAsync(this Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        await process.WaitForExitAsync(CancellationToken.None);
    }
}
