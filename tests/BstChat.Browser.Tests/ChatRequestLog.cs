using System.Web;
using Microsoft.Playwright;

namespace BstChat.Browser.Tests;

/// <summary>
/// Every chat API request one browser context makes, from Playwright's request events: which tab
/// made it, and how many held feed requests (a <c>…/changes</c> read with <c>wait</c> above 0)
/// were open at once. Counts, not times: what it reports does not depend on the machine's speed.
/// </summary>
public sealed class ChatRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly HashSet<IRequest> _held = [];
    private int _mostHeldAtOnce;

    private ChatRequestLog(IBrowserContext context)
    {
        context.Request += (_, request) => Started(request);
        context.RequestFinished += (_, request) => Ended(request);
        context.RequestFailed += (_, request) => Ended(request);
    }

    /// <summary>Starts logging the chat requests of every tab of <paramref name="context"/>, from now on.</summary>
    public static ChatRequestLog Attach(IBrowserContext context) => new(context);

    /// <summary>The most held feed requests that were open at the same time, across every tab.</summary>
    public int MostHeldAtOnce
    {
        get { lock (_gate) { return _mostHeldAtOnce; } }
    }

    /// <summary>Held feed requests open now.</summary>
    public int HeldNow
    {
        get { lock (_gate) { return _held.Count; } }
    }

    /// <summary>Chat API requests so far (scripts left out), in order, as "METHOD /path?query".</summary>
    public IReadOnlyList<string> Requests(IPage? fromTab = null)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => fromTab is null || e.Tab == fromTab).Select(e => $"{e.Method} {e.PathAndQuery}")];
        }
    }

    /// <summary>How many chat API requests were made so far: a mark to compare <see cref="RequestsSince"/> against.</summary>
    public int Count
    {
        get { lock (_gate) { return _entries.Count; } }
    }

    /// <summary>The chat API requests made after <paramref name="mark"/> (a <see cref="Count"/> read earlier).</summary>
    public IReadOnlyList<string> RequestsSince(int mark)
    {
        lock (_gate)
        {
            return [.. _entries.Skip(mark).Select(e => $"{e.Method} {e.PathAndQuery}")];
        }
    }

    /// <summary>The tabs that have read the user feed (<c>GET /chat/changes</c>) since <paramref name="mark"/>.</summary>
    public IReadOnlyList<IPage> UserFeedReaders(int mark = 0)
    {
        lock (_gate)
        {
            return [.. _entries.Skip(mark).Where(e => e.Method == "GET" && e.Path == "/chat/changes").Select(e => e.Tab).Distinct()];
        }
    }

    /// <summary>The tab that made the latest user-feed read, or null before any.</summary>
    public IPage? LastUserFeedReader
    {
        get
        {
            lock (_gate)
            {
                return _entries.LastOrDefault(e => e.Method == "GET" && e.Path == "/chat/changes")?.Tab;
            }
        }
    }

    private void Started(IRequest request)
    {
        var url = new Uri(request.Url);
        if (!url.AbsolutePath.StartsWith("/chat/", StringComparison.Ordinal) || url.AbsolutePath.EndsWith(".js", StringComparison.Ordinal))
        {
            return;
        }

        var tab = request.Frame.Page;
        lock (_gate)
        {
            _entries.Add(new Entry(tab, request.Method, url.AbsolutePath, url.PathAndQuery));
            if (IsHeldFeedRead(request.Method, url))
            {
                _held.Add(request);
                _mostHeldAtOnce = Math.Max(_mostHeldAtOnce, _held.Count);
            }
        }
    }

    private void Ended(IRequest request)
    {
        lock (_gate)
        {
            _held.Remove(request);
        }
    }

    /// <summary>A read of the user feed or a conversation's feed that the server may hold (wait above 0).</summary>
    private static bool IsHeldFeedRead(string method, Uri url) =>
        method == "GET"
        && url.AbsolutePath.EndsWith("/changes", StringComparison.Ordinal)
        && int.TryParse(HttpUtility.ParseQueryString(url.Query)["wait"], out var wait)
        && wait > 0;

    private sealed record Entry(IPage Tab, string Method, string Path, string PathAndQuery);
}
