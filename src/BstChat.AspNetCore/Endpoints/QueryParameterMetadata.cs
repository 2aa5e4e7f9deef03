namespace BstChat.AspNetCore.Endpoints;

/// <summary>
/// A query parameter an endpoint reads itself (the handlers take <c>HttpContext</c>, so no API
/// explorer sees it), for OpenAPI documents: its type and the range the server accepts.
/// </summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Description">What it means, for people reading the document.</param>
/// <param name="Minimum">The smallest whole number accepted; <see langword="null"/> for an opaque text.</param>
/// <param name="Maximum">The largest accepted, from the options in force; <see langword="null"/> when unbounded.</param>
internal sealed record QueryParameterMetadata(string Name, string Description, long? Minimum, Func<BstChatOptions, long>? Maximum)
{
    /// <summary>An opaque text such as a cursor.</summary>
    public bool IsText => Minimum is null;
}
