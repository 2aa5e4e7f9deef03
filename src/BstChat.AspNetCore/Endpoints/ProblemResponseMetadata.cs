using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>
/// One error status an endpoint can answer, as problem details, with the stable <c>code</c>s it
/// may carry. Plain endpoint metadata: API explorers and OpenAPI generators show the codes in the
/// response's description, and BstChat needs no OpenAPI package for it.
/// </summary>
/// <remarks>
/// It is the MVC attribute type because ASP.NET Core's API explorer takes a response's
/// description only from that, not from other <c>IProducesResponseTypeMetadata</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class ProblemResponseMetadata : ProducesResponseTypeAttribute
{
    public ProblemResponseMetadata(int statusCode, IReadOnlyList<string> codes)
        : base(typeof(ProblemDetails), statusCode, "application/problem+json")
    {
        Codes = codes;
        // Backticks set each code apart, so clients and tests can read the list back.
        Description = $"Problem details whose code is one of: {string.Join(", ", codes.Select(code => $"`{code}`"))}.";
    }

    /// <summary>The problem codes this status may carry, from <see cref="ChatErrorCodes"/>.</summary>
    public IReadOnlyList<string> Codes { get; }
}
