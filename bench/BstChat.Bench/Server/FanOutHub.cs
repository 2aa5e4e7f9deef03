using Microsoft.AspNetCore.SignalR;

namespace BstChat.Bench.Server;

/// <summary>The reference transport: push over WebSockets to a group, nothing stored.</summary>
internal sealed class FanOutHub : Hub
{
    public const string MessageMethod = "message";

    public Task JoinRoom(string room) => Groups.AddToGroupAsync(Context.ConnectionId, room);

    public Task Send(string room, string text) => Clients.Group(room).SendAsync(MessageMethod, text);
}
