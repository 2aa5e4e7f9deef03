namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The people and conversations every test host starts with, the same as the sample's:
/// <c>lesson-1</c> (Anna moderating, Ben, Chloe) and <c>anna-ben</c> (Anna, Ben). Chloe is the
/// outsider of <c>anna-ben</c>.
/// </summary>
public static class ChatSeed
{
    public const string Lesson = "lesson-1";
    public const string AnnaBen = "anna-ben";

    public static readonly ChatUser Anna = new("anna", "Anna");
    public static readonly ChatUser Ben = new("ben", "Ben");
    public static readonly ChatUser Chloe = new("chloe", "Chloe");

    /// <summary>Creates the conversations through the host API, as a host application would.</summary>
    public static async Task ApplyAsync(IChatService chat, CancellationToken cancellationToken)
    {
        await chat.CreateConversationAsync(Lesson, "Lesson 1: Algebra", cancellationToken);
        await chat.AddMemberAsync(Lesson, Anna, MemberRole.Moderator, cancellationToken);
        await chat.AddMemberAsync(Lesson, Ben, MemberRole.Member, cancellationToken);
        await chat.AddMemberAsync(Lesson, Chloe, MemberRole.Member, cancellationToken);

        await chat.CreateConversationAsync(AnnaBen, "Anna and Ben", cancellationToken);
        await chat.AddMemberAsync(AnnaBen, Anna, MemberRole.Member, cancellationToken);
        await chat.AddMemberAsync(AnnaBen, Ben, MemberRole.Member, cancellationToken);
    }
}
