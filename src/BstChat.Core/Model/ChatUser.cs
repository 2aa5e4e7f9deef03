namespace BstChat;

/// <summary>A person taking part in chat, as the host application knows them.</summary>
/// <param name="Id">The host application's stable user id.</param>
/// <param name="DisplayName">The name shown to other members.</param>
public sealed record ChatUser(string Id, string DisplayName);
