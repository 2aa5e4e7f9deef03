using Microsoft.Playwright;

namespace BstChat.Browser.Tests;

/// <summary>The sample on a fresh store with Anna and Ben signed in, each on lesson 1 with the widget live.</summary>
public sealed class LessonScene : IAsyncDisposable
{
    private LessonScene(SampleSite site, UserSession anna, UserSession ben)
    {
        Site = site;
        Anna = anna;
        Ben = ben;
    }

    public SampleSite Site { get; }

    public UserSession Anna { get; }

    public UserSession Ben { get; }

    /// <summary>Opens the scene; <paramref name="settings"/> configure its site (see <see cref="SampleSite.Start"/>).</summary>
    public static async Task<LessonScene> OpenAsync(IBrowser browser, IReadOnlyDictionary<string, string>? settings = null)
    {
        var site = SampleSite.Start(settings);
        var anna = await UserSession.SignInAsync(browser, site.BaseAddress, "anna", "/lessons/lesson-1");
        var ben = await UserSession.SignInAsync(browser, site.BaseAddress, "ben", "/lessons/lesson-1");
        var scene = new LessonScene(site, anna, ben);
        try
        {
            await anna.WaitUntilLiveAsync();
            await ben.WaitUntilLiveAsync();
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Ben.DisposeAsync();
        await Anna.DisposeAsync();
        await Site.DisposeAsync();
    }
}
