namespace BstChat;

/// <summary>
/// The meter every BstChat package reports on: messages, change-feed requests and waits, typing
/// entries, rate-limit refusals. Pass its name to your exporter, e.g.
/// <c>metrics.AddMeter(BstChatMeter.Name)</c> with OpenTelemetry.
/// </summary>
public static class BstChatMeter
{
    /// <summary>The meter's name, <c>BstChat</c>.</summary>
    public const string Name = "BstChat";
}
