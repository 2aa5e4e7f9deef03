using BstChat.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BstChat.Backplane;

/// <summary>
/// Runs a backplane call for the trackers that fall back to this instance's own state: a call that
/// throws (against the backplane contracts) counts as the backplane being away, and is logged.
/// Only the caller's own cancellation propagates.
/// </summary>
internal static class BackplaneCall
{
    /// <returns>The call's answer; <see langword="null"/> when it failed.</returns>
    public static async ValueTask<T?> TryAsync<T>(ILogger logger, string what, Func<ValueTask<T?>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ChatLog.BackplaneFailed(logger, what, exception);
            return null;
        }
    }

    public static async ValueTask TryAsync(ILogger logger, string what, Func<ValueTask> call, CancellationToken cancellationToken)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ChatLog.BackplaneFailed(logger, what, exception);
        }
    }
}
