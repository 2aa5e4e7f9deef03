namespace BstChat.Sample.Demo;

/// <summary>
/// Creates the demo's lessons at start-up, the way a lesson platform would when lessons are
/// booked. Idempotent: conversations and members that exist are left as they are.
/// </summary>
internal sealed class DemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var chat = scope.ServiceProvider.GetRequiredService<IChatService>();

        await chat.CreateConversationAsync("lesson-1", "Lesson 1: Algebra", cancellationToken);
        await chat.AddMemberAsync("lesson-1", DemoUsers.Anna, MemberRole.Moderator, cancellationToken);
        await chat.AddMemberAsync("lesson-1", DemoUsers.Ben, MemberRole.Member, cancellationToken);
        await chat.AddMemberAsync("lesson-1", DemoUsers.Chloe, MemberRole.Member, cancellationToken);

        await chat.CreateConversationAsync("anna-ben", "Anna and Ben", cancellationToken);
        await chat.AddMemberAsync("anna-ben", DemoUsers.Anna, MemberRole.Member, cancellationToken);
        await chat.AddMemberAsync("anna-ben", DemoUsers.Ben, MemberRole.Member, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
