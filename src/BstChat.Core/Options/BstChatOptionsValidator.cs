using Microsoft.Extensions.Options;

namespace BstChat.Options;

/// <summary>Refuses settings that cannot work, at start-up rather than on the first request.</summary>
internal sealed class BstChatOptionsValidator : IValidateOptions<BstChatOptions>
{
    public ValidateOptionsResult Validate(string? name, BstChatOptions options)
    {
        var failures = new List<string>();

        void Require(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }

        Require(options.MaxMessageLength is >= 1 and <= 1_000_000,
            $"{nameof(BstChatOptions.MaxMessageLength)} must be between 1 and 1,000,000 (was {options.MaxMessageLength}).");
        Require(options.MaxWait >= TimeSpan.Zero && options.MaxWait <= TimeSpan.FromMinutes(5),
            $"{nameof(BstChatOptions.MaxWait)} must be between 0 and 5 minutes (was {options.MaxWait}).");
        Require(options.MaxPageSize is >= 1 and <= 10_000,
            $"{nameof(BstChatOptions.MaxPageSize)} must be between 1 and 10,000 (was {options.MaxPageSize}).");
        Require(options.DefaultPageSize >= 1 && options.DefaultPageSize <= options.MaxPageSize,
            $"{nameof(BstChatOptions.DefaultPageSize)} must be between 1 and {nameof(BstChatOptions.MaxPageSize)} (was {options.DefaultPageSize}).");
        Require(options.TypingTimeout > TimeSpan.Zero,
            $"{nameof(BstChatOptions.TypingTimeout)} must be positive (was {options.TypingTimeout}).");
        Require(options.MaxConcurrentWaitsPerUser >= 1,
            $"{nameof(BstChatOptions.MaxConcurrentWaitsPerUser)} must be at least 1 (was {options.MaxConcurrentWaitsPerUser}).");
        Require(options.MaxConcurrentWaits >= options.MaxConcurrentWaitsPerUser,
            $"{nameof(BstChatOptions.MaxConcurrentWaits)} must be at least {nameof(BstChatOptions.MaxConcurrentWaitsPerUser)} (was {options.MaxConcurrentWaits}).");
        RequireBucket(options.WriteRate, nameof(BstChatOptions.WriteRate));
        RequireBucket(options.TypingRate, nameof(BstChatOptions.TypingRate));
        RequireBucket(options.ReadRate, nameof(BstChatOptions.ReadRate));
        Require(options.MaxSharedReadBytes is >= 0 and <= 16L * 1024 * 1024 * 1024,
            $"{nameof(BstChatOptions.MaxSharedReadBytes)} must be between 0 and 16 GiB (was {options.MaxSharedReadBytes}).");
        Require(options.MaxSharedReadConversations >= 0,
            $"{nameof(BstChatOptions.MaxSharedReadConversations)} must not be negative (was {options.MaxSharedReadConversations}).");
        Require(options.MaxInboxConversations is >= 1 and <= 10_000,
            $"{nameof(BstChatOptions.MaxInboxConversations)} must be between 1 and 10,000 (was {options.MaxInboxConversations}).");
        Require(options.MaxFeedConversations is >= 1 and <= 60,
            $"{nameof(BstChatOptions.MaxFeedConversations)} must be between 1 and 60 (was {options.MaxFeedConversations}): its cursor must fit in a URL.");
        Require(options.PresenceGracePeriod > TimeSpan.Zero,
            $"{nameof(BstChatOptions.PresenceGracePeriod)} must be positive (was {options.PresenceGracePeriod}).");
        Require(options.RecheckInterval > TimeSpan.Zero,
            $"{nameof(BstChatOptions.RecheckInterval)} must be positive (was {options.RecheckInterval}).");
        Require(options.BusyPollInterval > TimeSpan.Zero && options.BusyPollInterval <= options.QuietPollInterval,
            $"{nameof(BstChatOptions.BusyPollInterval)} must be positive and no longer than {nameof(BstChatOptions.QuietPollInterval)}.");
        Require(options.BusyWindow >= TimeSpan.Zero,
            $"{nameof(BstChatOptions.BusyWindow)} must not be negative (was {options.BusyWindow}).");
        Require(options.MaxRequestBodyBytes >= 1024,
            $"{nameof(BstChatOptions.MaxRequestBodyBytes)} must be at least 1024 (was {options.MaxRequestBodyBytes}).");

        var files = options.Files;
        Require(files.MaxFileBytes is >= 1 and <= 16L * 1024 * 1024 * 1024,
            $"Files.{nameof(ChatFileOptions.MaxFileBytes)} must be between 1 and 16 GiB (was {files.MaxFileBytes}).");
        Require(files.MaxAttachmentsPerMessage is >= 1 and <= 100,
            $"Files.{nameof(ChatFileOptions.MaxAttachmentsPerMessage)} must be between 1 and 100 (was {files.MaxAttachmentsPerMessage}).");
        Require(files.UnattachedLifetime >= TimeSpan.FromMinutes(1),
            $"Files.{nameof(ChatFileOptions.UnattachedLifetime)} must be at least a minute (was {files.UnattachedLifetime}): a send must have time to attach what was uploaded.");
        Require(files.SweepInterval > TimeSpan.Zero,
            $"Files.{nameof(ChatFileOptions.SweepInterval)} must be positive (was {files.SweepInterval}).");
        RequireBucket(files.UploadRate, "Files." + nameof(ChatFileOptions.UploadRate));
        Require(files.MaxBytesPerUser >= files.MaxFileBytes,
            $"Files.{nameof(ChatFileOptions.MaxBytesPerUser)} must be at least Files.{nameof(ChatFileOptions.MaxFileBytes)} (was {files.MaxBytesPerUser}).");
        Require(files.MaxBytesPerConversation >= files.MaxFileBytes,
            $"Files.{nameof(ChatFileOptions.MaxBytesPerConversation)} must be at least Files.{nameof(ChatFileOptions.MaxFileBytes)} (was {files.MaxBytesPerConversation}).");
        Require(files.ThumbnailSize is >= 16 and <= 2048,
            $"Files.{nameof(ChatFileOptions.ThumbnailSize)} must be between 16 and 2048 (was {files.ThumbnailSize}).");
        foreach (var type in files.AllowedContentTypes.Where(static type => !ChatFileTypes.All.Contains(type)))
        {
            failures.Add($"Files.{nameof(ChatFileOptions.AllowedContentTypes)} holds {type}, which BstChat cannot recognise from a file's content; known: {string.Join(", ", ChatFileTypes.All)}.");
        }

        void RequireBucket(TokenBucketLimit? limit, string option)
        {
            if (limit is null)
            {
                failures.Add($"{option} must be set.");
                return;
            }

            Require(limit.Burst is >= 1 and <= 10_000,
                $"{option}.{nameof(TokenBucketLimit.Burst)} must be between 1 and 10,000 (was {limit.Burst}).");
            // A partitioned limiter refills its buckets every 100 ms, so 10 a second is the finest rate it keeps.
            Require(limit.PerMinute is >= 1 and <= 600,
                $"{option}.{nameof(TokenBucketLimit.PerMinute)} must be between 1 and 600 (was {limit.PerMinute}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
