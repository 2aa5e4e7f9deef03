using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Contracts;

/// <summary>The URLs an answer gives for the API's own resources, under the request's API root.</summary>
internal sealed class ChatLinks
{
    private readonly string _root;

    private ChatLinks(string root) => _root = root;

    /// <summary>The links for answers to <paramref name="http"/>.</summary>
    public static ChatLinks For(HttpContext http) => new(ChatApiRoot.Of(http));

    /// <summary>Where a file's content is read.</summary>
    public string File(string conversationId, string fileId) => $"{_root}/conversations/{Uri.EscapeDataString(conversationId)}/files/{fileId}";

    /// <summary>Where a file's thumbnail is read.</summary>
    public string Thumbnail(string conversationId, string fileId) => $"{File(conversationId, fileId)}/thumbnail";
}
