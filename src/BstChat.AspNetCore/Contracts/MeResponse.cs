namespace BstChat.AspNetCore.Contracts;

/// <summary>The caller as chat knows them.</summary>
internal sealed record MeResponse(string UserId, string DisplayName);
