namespace BstChat.Browser.Tests;

/// <summary>One user's browser with <c>count</c> tabs of the same page, every widget live, and a log of the chat requests of all of them.</summary>
public sealed class OneBrowser : IAsyncDisposable
{
    private readonly UserSession _first;

    private OneBrowser(UserSession first, List<UserSession> tabs, ChatRequestLog log)
    {
        _first = first;
        Tabs = tabs;
        Log = log;
    }

    /// <summary>The tabs in the order they were opened.</summary>
    public List<UserSession> Tabs { get; }

    /// <summary>Every chat request of every tab, from the first tab's sign-in on.</summary>
    public ChatRequestLog Log { get; }

    public static async Task<OneBrowser> OpenAsync(Microsoft.Playwright.IBrowser browser, SampleSite site, string user, string path, int count)
    {
        var first = await UserSession.SignInAsync(browser, site.BaseAddress, user, path);
        var tabs = new List<UserSession> { first };
        var opened = new OneBrowser(first, tabs, ChatRequestLog.Attach(first.Context));
        try
        {
            await first.WaitUntilLiveAsync();
            for (var i = 1; i < count; i++)
            {
                var tab = await first.OpenTabAsync(path);
                tabs.Add(tab);
                await tab.WaitUntilLiveAsync();
            }

            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>The tab that read the user feed last: the one holding it.</summary>
    public UserSession FeedHolder => Tabs.Single(t => t.Page == Log.LastUserFeedReader);

    public async ValueTask DisposeAsync() => await _first.DisposeAsync();
}
