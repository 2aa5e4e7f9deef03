namespace BstChat.Core.Tests;

/// <summary>The system clock, a fixed amount behind: a component that reads the time a little earlier than another.</summary>
internal sealed class LaggingTimeProvider(TimeSpan lag) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - lag;
}
