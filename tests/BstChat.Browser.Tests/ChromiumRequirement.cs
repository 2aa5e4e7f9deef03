namespace BstChat.Browser.Tests;

/// <summary>
/// The browser tests drive Debian's Chromium at <see cref="ExecutablePath"/> (Playwright's own
/// browser download is not used). Without it a test is skipped on a developer's machine and
/// fails in CI (<c>CI=true</c>), so CI cannot pass by silently testing nothing.
/// </summary>
internal static class ChromiumRequirement
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns when Chromium is installed; otherwise skips the test, or fails it in CI.</summary>
    public static void Check()
    {
        if (IsInstalled)
        {
            return;
        }

        const string Reason = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium).";
        if (IsCi)
        {
            Assert.Fail($"{Reason} CI=true, so the browser tests must run.");
        }

        Assert.Skip(Reason);
    }
}
