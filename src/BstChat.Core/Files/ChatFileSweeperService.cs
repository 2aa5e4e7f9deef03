using BstChat.Diagnostics;
using BstChat.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Files;

/// <summary>Runs the sweeper every <see cref="ChatFileOptions.SweepInterval"/>, and clears abandoned staged uploads at start.</summary>
internal sealed class ChatFileSweeperService(
    IServiceProvider services,
    ChatFileStaging staging,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatFileSweeperService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A store without file records (one written before files existed) has no files to sweep.
        if (services.GetService(typeof(IChatFileCatalog)) is null)
        {
            return;
        }

        var sweeper = (ChatFileSweeper)services.GetService(typeof(ChatFileSweeper))!;
        var interval = options.Value.Files.SweepInterval;
        var abandoned = StagedFile.DeleteAbandoned(staging.Directory, options.Value.Files.UnattachedLifetime, timeProvider.GetUtcNow());
        if (abandoned > 0)
        {
            ChatFileLog.AbandonedStagingDeleted(logger, abandoned, staging.Directory);
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sweeper.SweepOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    ChatFileLog.SweepFailed(logger, interval, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
