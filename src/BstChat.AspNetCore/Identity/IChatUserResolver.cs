using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore;

/// <summary>
/// Turns a request's signed-in principal into a chat user. BstChat authenticates nobody: the
/// host application does, and this says who the result is. Register your own to map ids differently.
/// </summary>
public interface IChatUserResolver
{
    /// <summary>Resolves the caller.</summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chat user, or <see langword="null"/> when nobody is signed in (answered with 401).</returns>
    ValueTask<ChatUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}
