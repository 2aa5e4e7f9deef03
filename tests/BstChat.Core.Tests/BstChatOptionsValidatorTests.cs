using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class BstChatOptionsValidatorTests
{
    public static TheoryData<string, Action<BstChatOptions>> BadSettings => new()
    {
        { nameof(BstChatOptions.MaxMessageLength), o => o.MaxMessageLength = 0 },
        { nameof(BstChatOptions.MaxMessageLength), o => o.MaxMessageLength = 1_000_001 },
        { nameof(BstChatOptions.MaxWait), o => o.MaxWait = TimeSpan.FromSeconds(-1) },
        { nameof(BstChatOptions.MaxWait), o => o.MaxWait = TimeSpan.FromMinutes(6) },
        { nameof(BstChatOptions.MaxPageSize), o => o.MaxPageSize = 0 },
        { nameof(BstChatOptions.DefaultPageSize), o => o.DefaultPageSize = 0 },
        { nameof(BstChatOptions.DefaultPageSize), o => (o.MaxPageSize, o.DefaultPageSize) = (10, 11) },
        { nameof(BstChatOptions.TypingTimeout), o => o.TypingTimeout = TimeSpan.Zero },
        { nameof(BstChatOptions.MaxConcurrentWaitsPerUser), o => o.MaxConcurrentWaitsPerUser = 0 },
        { nameof(BstChatOptions.MaxConcurrentWaits), o => (o.MaxConcurrentWaitsPerUser, o.MaxConcurrentWaits) = (6, 5) },
        { nameof(BstChatOptions.WriteRate), o => o.WriteRate = null! },
        { nameof(BstChatOptions.WriteRate), o => o.WriteRate.Burst = 0 },
        { nameof(BstChatOptions.WriteRate), o => o.WriteRate.Burst = 10_001 },
        { nameof(BstChatOptions.WriteRate), o => o.WriteRate.PerMinute = 0 },
        { nameof(BstChatOptions.WriteRate), o => o.WriteRate.PerMinute = 601 },
        { nameof(BstChatOptions.TypingRate), o => o.TypingRate.Burst = 0 },
        { nameof(BstChatOptions.TypingRate), o => o.TypingRate.PerMinute = 0 },
        { nameof(BstChatOptions.MaxInboxConversations), o => o.MaxInboxConversations = 0 },
        { nameof(BstChatOptions.MaxInboxConversations), o => o.MaxInboxConversations = 10_001 },
        { nameof(BstChatOptions.MaxFeedConversations), o => o.MaxFeedConversations = 0 },
        { nameof(BstChatOptions.MaxFeedConversations), o => o.MaxFeedConversations = 61 },
        { nameof(BstChatOptions.PresenceGracePeriod), o => o.PresenceGracePeriod = TimeSpan.Zero },
        { nameof(BstChatOptions.RecheckInterval), o => o.RecheckInterval = TimeSpan.Zero },
        { nameof(BstChatOptions.BusyPollInterval), o => o.BusyPollInterval = TimeSpan.Zero },
        { nameof(BstChatOptions.BusyPollInterval), o => (o.BusyPollInterval, o.QuietPollInterval) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4)) },
        { nameof(BstChatOptions.BusyWindow), o => o.BusyWindow = TimeSpan.FromSeconds(-1) },
        { nameof(BstChatOptions.MaxRequestBodyBytes), o => o.MaxRequestBodyBytes = 1023 },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_refused_naming_the_option(string option, Action<BstChatOptions> configure)
    {
        using var services = BuildServices(configure);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BstChatOptions>>().Value);

        Assert.Contains(error.Failures, failure => failure.StartsWith(option, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_settings_are_refused_at_start_up()
    {
        using var services = BuildServices(o => o.MaxWait = TimeSpan.FromHours(1));

        // What the host runs on start because AddBstChat asks for ValidateOnStart.
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        using var services = BuildServices(o => (o.MaxMessageLength, o.TypingTimeout) = (0, TimeSpan.Zero));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BstChatOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void The_defaults_and_edge_values_are_accepted()
    {
        using var defaults = BuildServices(_ => { });
        using var edges = BuildServices(o =>
        {
            o.MaxWait = TimeSpan.Zero;
            (o.MaxPageSize, o.DefaultPageSize) = (1, 1);
            o.BusyPollInterval = o.QuietPollInterval;
            o.BusyWindow = TimeSpan.Zero;
            o.MaxRequestBodyBytes = 1024;
            (o.MaxConcurrentWaitsPerUser, o.MaxConcurrentWaits) = (1, 1);
            o.WriteRate = new() { Burst = 1, PerMinute = 600 };
            o.TypingRate = new() { Burst = 10_000, PerMinute = 1 };
            o.MaxInboxConversations = 1;
        });

        Assert.Equal(4000, defaults.GetRequiredService<IOptions<BstChatOptions>>().Value.MaxMessageLength);
        Assert.Equal(1, edges.GetRequiredService<IOptions<BstChatOptions>>().Value.MaxPageSize);
        defaults.GetRequiredService<IStartupValidator>().Validate();
    }

    private static ServiceProvider BuildServices(Action<BstChatOptions> configure) =>
        new ServiceCollection().AddLogging().AddBstChat(configure).AddInMemoryStore().Services.BuildServiceProvider();
}
