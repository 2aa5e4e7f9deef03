using BstChat.Bench.Server;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace BstChat.Bench.Driver;

/// <summary>Receivers on the reference SignalR hub: one WebSocket connection each, joined to its room's group.</summary>
internal sealed class SignalRListeners(Uri baseAddress) : IListeners
{
    private readonly List<HubConnection> _connections = [];

    public int Errors => 0;

    public async Task StartAsync(IReadOnlyList<(string Room, string User)> members, LatencyRecorder recorder, CancellationToken cancellationToken)
    {
        var connections = new HubConnection[members.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, members.Count, options, async (i, ct) =>
        {
            var connection = Connect(baseAddress);
            connection.On<string>(FanOutHub.MessageMethod, recorder.Record);
            await connection.StartAsync(ct);
            await connection.InvokeAsync(nameof(FanOutHub.JoinRoom), members[i].Room, ct);
            connections[i] = connection;
        });
        _connections.AddRange(connections);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    public static HubConnection Connect(Uri baseAddress) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hub"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
}
