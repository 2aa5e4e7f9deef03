namespace BstChat.Core.Tests;

/// <summary>A clock a fixed <paramref name="lag"/> behind <paramref name="inner"/>, as a tracker on another machine may be.</summary>
internal sealed class LaggingTimeProvider(TimeProvider inner, TimeSpan lag) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() - lag;
}
