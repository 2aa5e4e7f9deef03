namespace BstChat.AspNetCore.Http;

/// <summary>
/// Marks an endpoint as BstChat's, so what BstChat plugs into the host's pipeline
/// (<see cref="ChatAuthorizationResultHandler"/>) acts on its endpoints alone.
/// </summary>
internal sealed class ChatEndpointMetadata
{
    public static readonly ChatEndpointMetadata Instance = new();

    private ChatEndpointMetadata()
    {
    }
}
