namespace Microsoft.AspNetCore.OpenApi;

/// <summary>How the host signs callers in to the chat API, as its OpenAPI document declares it.</summary>
public enum ChatApiAuthentication
{
    /// <summary>A sign-in cookie (ASP.NET Core cookie authentication, Identity).</summary>
    Cookie,

    /// <summary>An <c>Authorization: Bearer</c> token (JWT bearer, OpenIddict validation).</summary>
    Bearer,
}
