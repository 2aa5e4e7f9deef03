using Microsoft.Playwright;

namespace BstChat.Browser.Tests;

/// <summary>Saves screenshots as test artifacts: files under the output's TestResults/screenshots, and test attachments.</summary>
internal static class Screenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Saves each user's widget, and both side by side in one picture (the one the docs show).</summary>
    public static async Task SaveSideBySideAsync(IBrowser browser, string name, params UserSession[] users)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var figures = new List<string>();
        foreach (var user in users)
        {
            var png = await user.Widget.ScreenshotAsync();
            var who = await user.Page.Locator("header .who strong").TextContentAsync() ?? "user";
            await SaveAsync($"{name}-{who.ToLowerInvariant()}.png", png);
            figures.Add($"<figure><figcaption>{who}</figcaption><img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"></figure>");
        }

        // Our own screenshots and the demo users' names: nothing here comes from a test's input.
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 500 } });
        await page.SetContentAsync($$"""
            <style>
              body { margin: 0; background: #f6f7f9; font: 600 14px system-ui, sans-serif; }
              main { display: inline-flex; gap: 16px; padding: 12px; }
              figure { margin: 0; } figcaption { margin: 0 0 6px 2px; color: #444; }
              img { display: block; width: 560px; }
            </style>
            <main>{{string.Concat(figures)}}</main>
            """);
        await SaveAsync($"{name}.png", await page.Locator("main").ScreenshotAsync());
        await page.CloseAsync();
    }

    private static async Task SaveAsync(string fileName, byte[] png)
    {
        await File.WriteAllBytesAsync(Path.Combine(Directory, fileName), png);
        TestContext.Current.AddAttachment(fileName, png, "image/png");
    }
}
