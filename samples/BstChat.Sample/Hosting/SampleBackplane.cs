namespace BstChat.Sample.Hosting;

/// <summary>
/// Switches on the Redis backplane when <c>ConnectionStrings:Redis</c> is set, for several
/// instances of the sample behind one load balancer; without it each instance notifies only its
/// own waiters and the others catch up at their next store re-check.
/// </summary>
internal static class SampleBackplane
{
    public static BstChatBuilder AddSampleBackplane(this BstChatBuilder chat, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString("Redis");
        return string.IsNullOrWhiteSpace(redis) ? chat : chat.AddRedisBackplane(redis);
    }
}
