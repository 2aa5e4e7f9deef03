using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore;

/// <summary>
/// The default resolver: the user id from the <see cref="ClaimTypes.NameIdentifier"/> or
/// <c>sub</c> claim, the display name from <see cref="ClaimTypes.Name"/> or <c>name</c>
/// (falling back to the id).
/// </summary>
internal sealed class ClaimsChatUserResolver : IChatUserResolver
{
    /// <inheritdoc />
    public ValueTask<ChatUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult<ChatUser?>(null);
        }

        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(id))
        {
            return ValueTask.FromResult<ChatUser?>(null);
        }

        var name = principal.FindFirstValue(ClaimTypes.Name) ?? principal.FindFirstValue("name");
        return ValueTask.FromResult<ChatUser?>(new ChatUser(id, string.IsNullOrWhiteSpace(name) ? id : name));
    }
}
