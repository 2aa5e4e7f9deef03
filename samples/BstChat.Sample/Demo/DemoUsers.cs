namespace BstChat.Sample.Demo;

/// <summary>The demo's only users; sign-in refuses anyone else.</summary>
internal static class DemoUsers
{
    public static readonly ChatUser Anna = new("anna", "Anna");
    public static readonly ChatUser Ben = new("ben", "Ben");
    public static readonly ChatUser Chloe = new("chloe", "Chloe");

    public static IReadOnlyList<ChatUser> All { get; } = [Anna, Ben, Chloe];

    /// <summary>What each user is on the lesson platform.</summary>
    public static string RoleOf(ChatUser user) => user == Anna ? "tutor" : "student";

    public static ChatUser? Find(string? id) => All.FirstOrDefault(u => u.Id == id);
}
