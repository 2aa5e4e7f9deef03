using BstChat.Migration;

namespace BstChat.Sample.StoreCopy;

/// <summary>
/// A one-line progress bar on the console, redrawn in place; when output is redirected (a log,
/// a test), a line at every tenth and one when the phase ends. Reports arrive on the copier's
/// thread, in order.
/// </summary>
internal sealed class ConsoleProgressBar(TextWriter output, bool redraw) : IProgress<ChatStoreCopyProgress>
{
    private const int Width = 30;
    private int _lastTenth = -1;
    private ChatStoreCopyProgress? _last;

    public void Report(ChatStoreCopyProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_last is not null && _last.Phase != value.Phase)
        {
            Finish();
        }

        _last = value;
        if (redraw)
        {
            output.Write($"\r{Line(value)}");
            return;
        }

        var tenth = Percent(value) / 10;
        if (tenth != _lastTenth && tenth < 10)
        {
            _lastTenth = tenth;
            output.WriteLine(Line(value));
        }
    }

    /// <summary>Ends the phase's bar: the redrawn line gets its line break, a redirected log its final line.</summary>
    public void Finish()
    {
        if (_last is null)
        {
            return;
        }

        output.WriteLine(redraw ? "" : Line(_last));
        _last = null;
        _lastTenth = -1;
    }

    private static int Percent(ChatStoreCopyProgress value) => value.MessagesTotal > 0
        ? (int)(100 * value.MessagesDone / value.MessagesTotal)
        : value.ConversationsTotal > 0 ? (int)(100 * value.ConversationsDone / value.ConversationsTotal) : 100;

    private static string Line(ChatStoreCopyProgress value)
    {
        var percent = Percent(value);
        var filled = Width * percent / 100;
        var phase = value.Phase == ChatStoreCopyPhase.Copying ? "Copying  " : "Verifying";
        return $"{phase} [{new string('#', filled)}{new string('-', Width - filled)}] {percent,3}%  "
            + $"{value.MessagesDone:N0}/{value.MessagesTotal:N0} messages, {value.ConversationsDone:N0}/{value.ConversationsTotal:N0} conversations";
    }
}
