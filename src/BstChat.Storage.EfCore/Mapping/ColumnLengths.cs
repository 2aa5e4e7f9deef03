namespace BstChat.Storage.EfCore.Mapping;

/// <summary>Column sizes, matching the input rules Core enforces before anything reaches a store.</summary>
internal static class ColumnLengths
{
    /// <summary>Conversation, message and client message ids: 1-64 characters.</summary>
    public const int Id = 64;

    /// <summary>User ids, titles and display names: 1-200 characters.</summary>
    public const int Name = 200;

    /// <summary>The message text size used when the host names none; <c>BstChatOptions.MaxMessageLength</c>'s default.</summary>
    public const int DefaultMaxMessageLength = 4000;
}
