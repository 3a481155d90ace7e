// While a statement runs the connection does not read (MySQL is request/response), so a client
// that goes away would go unnoticed until the answer is written. This polls the socket and cancels
// the statement as soon as the peer has closed it, so the engine stops working for nobody.
using System.Net.Sockets;

namespace StarRocksBackup.Simulator.Protocol;

internal sealed class DisconnectWatcher : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stop = new();

    public DisconnectWatcher(Socket socket, CancellationTokenSource statement)
    {
        _ = WatchAsync(socket, statement, _stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task WatchAsync(Socket socket, CancellationTokenSource statement, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, stop).ConfigureAwait(false);

                // Readable with nothing to read = the peer closed (or reset) the connection.
                if (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
                {
                    if (!stop.IsCancellationRequested) statement.Cancel();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Statement finished, or the socket was closed by the server: nothing to watch.
        }
    }
}
