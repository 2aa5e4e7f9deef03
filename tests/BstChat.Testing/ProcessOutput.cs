using System.Collections.Concurrent;
using System.Diagnostics;

namespace BstChat.Testing;

/// <summary>
/// Drains a started process's redirected output, so a full pipe never blocks it, and keeps the
/// last lines for a failure message.
/// </summary>
public sealed class ProcessOutput
{
    private const int KeptLines = 400;

    private readonly ConcurrentQueue<string> _lines = new();

    private ProcessOutput()
    {
    }

    /// <summary>Starts reading both of <paramref name="process"/>'s redirected streams.</summary>
    public static ProcessOutput Drain(Process process)
    {
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, e) => output.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => output.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    public override string ToString() => string.Join('\n', _lines);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}
