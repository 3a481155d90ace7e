using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>
/// A deliberately minimal MySQL client over a plain socket, written independently of the server's
/// code, to check bytes on the wire (SQLSTATE, charsets, EOF packets) and to send garbage.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _stream.ReadTimeout = 10_000;
    }

    public byte[] Greeting { get; private set; } = [];

    public byte LastSequence { get; private set; }

    public static RawClient Connect(int port)
    {
        var tcp = new TcpClient();
        tcp.Connect("127.0.0.1", port);
        return new RawClient(tcp);
    }

    /// <summary>Connects and logs in; returns the server's answer to the login (OK or ERR payload).</summary>
    public static (RawClient Client, byte[] Answer) Login(int port, string user, string password, string? database = null, string plugin = "mysql_native_password")
    {
        RawClient c = Connect(port);
        c.Greeting = c.ReadPacket();
        byte[] scramble = ScrambleOf(c.Greeting);
        byte[] auth = plugin == "mysql_clear_password" ? [.. Encoding.UTF8.GetBytes(password), 0] : Scramble(password, scramble);
        uint caps = 0x0200 | 0x8000 | 0x00080000 | 0x0001 | (database is null ? 0u : 0x0008u);
        var p = new List<byte>();
        p.AddRange(BitConverter.GetBytes(caps));
        p.AddRange(BitConverter.GetBytes(16 * 1024 * 1024));
        p.Add(33);
        p.AddRange(new byte[23]);
        p.AddRange(Encoding.UTF8.GetBytes(user));
        p.Add(0);
        p.Add((byte)auth.Length);
        p.AddRange(auth);
        if (database is not null)
        {
            p.AddRange(Encoding.UTF8.GetBytes(database));
            p.Add(0);
        }

        p.AddRange(Encoding.UTF8.GetBytes(plugin));
        p.Add(0);
        c.WritePacket(p.ToArray(), 1);
        byte[] answer = c.ReadPacket();
        if (answer.Length > 0 && answer[0] == 0xFE && answer.Length > 1)
        {
            // AuthSwitchRequest: plugin name, NUL, 20-byte scramble, NUL.
            int nul = Array.IndexOf(answer, (byte)0, 1);
            byte[] newScramble = answer.AsSpan(nul + 1, 20).ToArray();
            c.WritePacket(Scramble(password, newScramble), (byte)(c.LastSequence + 1));
            answer = c.ReadPacket();
        }

        return (c, answer);
    }

    public static byte[] ScrambleOf(byte[] greeting)
    {
        int v = Array.IndexOf(greeting, (byte)0, 1); // end of server version
        int pos = v + 1 + 4;
        byte[] part1 = greeting.AsSpan(pos, 8).ToArray();
        pos += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
        byte[] part2 = greeting.AsSpan(pos, 12).ToArray();
        return [.. part1, .. part2];
    }

    public static byte[] Scramble(string password, byte[] scramble)
    {
        if (password.Length == 0) return [];
        byte[] s1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        byte[] s2 = SHA1.HashData(s1);
        byte[] s3 = SHA1.HashData([.. scramble, .. s2]);
        return s1.Zip(s3, (a, b) => (byte)(a ^ b)).ToArray();
    }

    public void WritePacket(byte[] payload, byte sequence)
    {
        byte[] header = [(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence];
        _stream.Write(header);
        _stream.Write(payload);
    }

    public void WriteRaw(byte[] bytes) => _stream.Write(bytes);

    public byte[] Command(byte command, string argument = "")
    {
        WritePacket([command, .. Encoding.UTF8.GetBytes(argument)], 0);
        return ReadPacket();
    }

    /// <summary>Reads packets until the response to one COM_QUERY is complete.</summary>
    public List<byte[]> Query(string sql)
    {
        var packets = new List<byte[]> { Command(0x03, sql) };
        if (packets[0][0] is 0x00 or 0xFF) return packets;
        int eofs = 0;
        while (eofs < 2)
        {
            byte[] p = ReadPacket();
            packets.Add(p);
            if (p[0] == 0xFE && p.Length < 9) eofs++;
        }

        return packets;
    }

    public byte[] ReadPacket()
    {
        byte[] header = ReadExactly(4);
        int length = header[0] | (header[1] << 8) | (header[2] << 16);
        LastSequence = header[3];
        return ReadExactly(length);
    }

    /// <summary>True when the server has closed the connection (EOF or reset) within the timeout.</summary>
    public bool IsClosedByServer(TimeSpan timeout)
    {
        _stream.ReadTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            byte[] b = new byte[1];
            while (true)
            {
                if (_stream.Read(b, 0, 1) == 0) return true;
            }
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static (int Code, string State, string Message) ParseError(byte[] p)
    {
        if (p[0] != 0xFF) throw new InvalidOperationException($"not an ERR packet: 0x{p[0]:X2}");
        int code = p[1] | (p[2] << 8);
        if (p[3] != (byte)'#') throw new InvalidOperationException("ERR without '#' SQLSTATE marker");
        return (code, Encoding.ASCII.GetString(p, 4, 5), Encoding.UTF8.GetString(p, 9, p.Length - 9));
    }

    public void Dispose() => _tcp.Dispose();

    private byte[] ReadExactly(int n)
    {
        byte[] b = new byte[n];
        _stream.ReadExactly(b);
        return b;
    }
}
