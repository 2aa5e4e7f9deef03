namespace BstChat.AspNetCore.Endpoints;

/// <summary>A header an endpoint sends with one status, for OpenAPI documents.</summary>
/// <param name="StatusCode">The status it comes with.</param>
/// <param name="Name">The header.</param>
/// <param name="Description">What it holds.</param>
/// <param name="IsInteger">Whether it is a whole number (<c>Retry-After</c>'s seconds) rather than text.</param>
internal sealed record ResponseHeaderMetadata(int StatusCode, string Name, string Description, bool IsInteger = false);
