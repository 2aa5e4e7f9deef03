using System.Runtime.InteropServices;

namespace BstChat.Bench.Driver;

/// <summary>
/// Raises this process's open-file limit (<c>RLIMIT_NOFILE</c>), so that tens of thousands of held
/// connections fit: each is one socket in the driver and one in the server. The bench's own
/// processes only; the library never touches limits, which are the host's to set.
/// </summary>
internal static class FileDescriptorLimit
{
    private const int NoFile = 7; // RLIMIT_NOFILE on Linux

    /// <summary>Raises the soft limit to at least <paramref name="wanted"/> (the hard one too, where the process may); returns the soft limit now.</summary>
    public static ulong Raise(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || getrlimit(NoFile, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Current >= wanted)
        {
            return limit.Current;
        }

        // Raising the hard limit needs CAP_SYS_RESOURCE; without it, go as far as the hard limit allows.
        var raised = new RLimit(wanted, Math.Max(wanted, limit.Maximum));
        if (setrlimit(NoFile, in raised) != 0)
        {
            raised = limit with { Current = limit.Maximum };
            _ = setrlimit(NoFile, in raised);
        }

        return getrlimit(NoFile, out limit) == 0 ? limit.Current : 0;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setrlimit(int resource, in RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Current, ulong Maximum);
}
