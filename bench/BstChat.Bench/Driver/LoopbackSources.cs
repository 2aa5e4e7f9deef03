using System.Net;
using System.Net.Sockets;

namespace BstChat.Bench.Driver;

/// <summary>
/// Spreads a client's connections over several loopback source addresses (127.0.0.2, 127.0.0.3, …):
/// every connection to the server's one address and port needs its own source port, and one source
/// address has only the ephemeral range (about 28,000 ports here), so 50,000 held connections need
/// more than one.
/// </summary>
internal sealed class LoopbackSources(int addresses)
{
    /// <summary>Connections per source address the bench opens at most, well inside the ephemeral range (32768-60999 by default).</summary>
    public const int ConnectionsPerAddress = 10_000;

    private int _next;

    /// <summary>Enough addresses for <paramref name="connections"/>.</summary>
    public static LoopbackSources For(int connections) => new(Math.Max(1, (connections + ConnectionsPerAddress - 1) / ConnectionsPerAddress));

    public int Addresses => addresses;

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/>: binds the next source address, then connects.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var source = new IPAddress([127, 0, 0, (byte)(2 + ((uint)Interlocked.Increment(ref _next) % (uint)addresses))]);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // IP_BIND_ADDRESS_NO_PORT: the port is picked at connect, per destination, not reserved at bind.
                socket.SetRawSocketOption(0 /* SOL_IP */, 24, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
