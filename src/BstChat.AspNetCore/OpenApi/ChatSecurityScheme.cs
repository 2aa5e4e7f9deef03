using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BstChat.AspNetCore.OpenApi;

/// <summary>The security scheme the host's document names for BstChat's endpoints.</summary>
internal sealed class ChatSecurityScheme(ChatApiAuthentication authentication, string cookieName)
{
    /// <summary>The scheme's key under <c>components.securitySchemes</c>.</summary>
    public string Name => authentication == ChatApiAuthentication.Bearer ? "bearer" : "cookie";

    public OpenApiSecurityScheme Create() => authentication == ChatApiAuthentication.Bearer
        ? new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "The host's bearer token." }
        : new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = cookieName, Description = "The host's sign-in cookie." };
}
