using Microsoft.Playwright;

namespace BstChat.Browser.Tests;

/// <summary>One headless Chromium for every test; each test opens its own contexts (one per user).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser; skips (or in CI fails) the calling test when Chromium is missing.</summary>
    public IBrowser Browser
    {
        get
        {
            ChromiumRequirement.Check();
            return _browser ?? throw new InvalidOperationException("The browser was not launched.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!ChromiumRequirement.IsInstalled)
        {
            return;
        }

        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumRequirement.ExecutablePath,
            Headless = true,
            // No sandbox as root; no background traffic to hosts this machine cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
