using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.DependencyInjection;

/// <summary>Checks the options at start-up, so a bad connection string or prefix fails fast with a clear message.</summary>
internal sealed class MongoStoreOptionsValidator : IValidateOptions<MongoStoreOptions>
{
    private const int MaxPrefixLength = 64;

    public ValidateOptionsResult Validate(string? name, MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                var url = MongoUrl.Create(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(options.DatabaseName) && string.IsNullOrWhiteSpace(url.DatabaseName))
                {
                    failures.Add("MongoStoreOptions.DatabaseName is required when the connection string names no database.");
                }
            }
            catch (MongoConfigurationException e)
            {
                failures.Add($"MongoStoreOptions.ConnectionString is not a valid MongoDB connection string: {e.Message}");
            }
        }

        // Collection names may not hold '$' or NUL, and a prefix is no place for spaces.
        if (options.CollectionPrefix is null
            || options.CollectionPrefix.Length > MaxPrefixLength
            || options.CollectionPrefix.Any(static c => c is '$' or '\0' || char.IsWhiteSpace(c)))
        {
            failures.Add($"MongoStoreOptions.CollectionPrefix is up to {MaxPrefixLength} characters with no '$', NUL or white space.");
        }

        if (options.GapThreshold <= TimeSpan.Zero)
        {
            failures.Add("MongoStoreOptions.GapThreshold must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
