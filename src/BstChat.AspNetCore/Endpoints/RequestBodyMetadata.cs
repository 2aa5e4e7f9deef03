namespace BstChat.AspNetCore.Endpoints;

/// <summary>
/// The JSON body an endpoint reads, for OpenAPI documents only. BstChat reads bodies itself (its
/// own 400 and 415 problem codes), so this is not <c>IAcceptsMetadata</c>, which would let routing
/// refuse a wrong content type first with a bare 415.
/// </summary>
/// <param name="BodyType">The request contract.</param>
/// <param name="Required">Whether a call without a body is refused.</param>
internal sealed record RequestBodyMetadata(Type BodyType, bool Required);
