using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>One demo user in their own browser context (own cookies), on one page (tab) of the sample site; <see cref="OpenTabAsync"/> opens more tabs of the same browser.</summary>
public sealed class UserSession : IAsyncDisposable
{
    /// <summary>Reports each Content-Security-Policy violation to the test, from every page of the context.</summary>
    private const string ViolationListener = """
        document.addEventListener("securitypolicyviolation",
          e => window.__bstchatCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`),
          true);
        """;

    private readonly bool _ownsContext;
    private readonly List<string> _pageErrors = [];
    private readonly ConcurrentQueue<string> _cspViolations;

    private UserSession(IBrowserContext context, IPage page, Uri site, bool ownsContext, ConcurrentQueue<string> cspViolations)
    {
        Context = context;
        _ownsContext = ownsContext;
        _cspViolations = cspViolations;
        Page = page;
        Site = site;
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _cspViolations.Enqueue(message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>The browser context (cookies, and every tab of this user's browser).</summary>
    public IBrowserContext Context { get; }

    public Uri Site { get; }

    /// <summary>The chat widget on the page.</summary>
    public ILocator Widget => Page.Locator("bst-chat");

    /// <summary>Rendered messages (pending ones included), in order.</summary>
    public ILocator Messages => Page.Locator("bst-chat li.msg");

    public ILocator Composer => Page.Locator("bst-chat form.composer textarea");

    public ILocator TypingIndicator => Page.Locator("bst-chat .typing");

    /// <summary>Uncaught script errors on the page so far; a test ends by asserting there were none.</summary>
    public IReadOnlyList<string> PageErrors => _pageErrors;

    /// <summary>Content-Security-Policy violations so far (the DOM event and the console's report of it).</summary>
    public IReadOnlyCollection<string> CspViolations => _cspViolations;

    /// <summary>Signs in through <c>GET /login?user=…</c> of the sample at <paramref name="site"/> and lands on <paramref name="path"/>.</summary>
    public static async Task<UserSession> SignInAsync(IBrowser browser, Uri site, string user, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.ToString(),
            ViewportSize = new ViewportSize { Width = 720, Height = 640 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var session = new UserSession(context, page, site, ownsContext: true, new ConcurrentQueue<string>());
        await context.ExposeFunctionAsync("__bstchatCspViolation", (string report) => session._cspViolations.Enqueue(report));
        await context.AddInitScriptAsync(ViolationListener);
        await page.GotoAsync($"/login?user={user}&returnUrl={Uri.EscapeDataString(path)}");
        return session;
    }

    /// <summary>Opens <paramref name="path"/> in another tab of the same browser (same cookies, same shared chat feed).</summary>
    public async Task<UserSession> OpenTabAsync(string path)
    {
        var tab = new UserSession(Context, await Context.NewPageAsync(), Site, ownsContext: false, _cspViolations);
        await tab.Page.GotoAsync(path);
        return tab;
    }

    /// <summary>Opens a lesson page and waits until its widget is connected.</summary>
    public async Task OpenLessonAsync(string conversationId)
    {
        await Page.GotoAsync($"/lessons/{conversationId}");
        await WaitUntilLiveAsync();
    }

    public async Task WaitUntilLiveAsync()
    {
        await Expect(Page.Locator("bst-chat[data-status=live]")).ToBeAttachedAsync();
        // The first history page is in once the list says where it starts.
        await Expect(Page.Locator("bst-chat .history")).ToHaveTextAsync("This is the start of the conversation.");
    }

    /// <summary>Types like a person (one key at a time, so input events fire; Shift+Enter between lines) and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        await TypeAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>Types into the composer without sending.</summary>
    public async Task TypeAsync(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                await Composer.PressAsync("Shift+Enter");
            }

            await Composer.PressSequentiallyAsync(lines[i]);
        }
    }

    /// <summary>The message with exactly this text.</summary>
    public ILocator Message(string text) =>
        Messages.Filter(new LocatorFilterOptions { Has = Page.Locator(".text").GetByText(text, new LocatorGetByTextOptions { Exact = true }) });

    /// <summary>The texts of the conversation's messages as the server stores them, read with this user's cookie.</summary>
    public async Task<string[]> StoredTextsAsync(string conversationId) =>
        await Page.EvaluateAsync<string[]>(
            "async id => (await (await fetch(`/chat/conversations/${id}/messages?limit=200`)).json()).messages.map(m => m.text)",
            conversationId);

    /// <summary>Closes the whole browser context, or only the tab for a session from <see cref="OpenTabAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsContext)
        {
            await Context.DisposeAsync();
        }
        else if (!Page.IsClosed)
        {
            await Page.CloseAsync();
        }
    }
}
