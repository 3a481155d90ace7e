// MySQL packet framing (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html):
// every packet is a 3-byte little-endian payload length, a 1-byte sequence id and the payload.
// A payload of 0xFFFFFF bytes or more is split into 0xFFFFFF-byte chunks; a chunk of exactly
// 0xFFFFFF bytes means "more follows" (so a multiple of 0xFFFFFF ends with an empty chunk).
using System.Net.Sockets;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>A client broke the protocol (bad framing, bad sequence id, truncated or oversize packet).</summary>
internal sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException(string message)
        : base(message)
    {
    }
}

/// <summary>Reads and writes framed packets on one connection and tracks the sequence id.</summary>
internal sealed class PacketChannel
{
    /// <summary>The largest payload chunk of one physical packet.</summary>
    public const int MaxChunk = 0xFFFFFF;

    private Stream _stream;
    private readonly int _maxPayload;
    private readonly MemoryStream _pending = new();
    private readonly byte[] _header = new byte[4];
    private byte _sequence;

    public PacketChannel(Stream stream, int maxPayload)
    {
        _stream = stream;
        _maxPayload = maxPayload;
    }

    /// <summary>
    /// Continues on <paramref name="stream"/> (the TLS stream after an SSLRequest); the sequence id carries on, as
    /// the protocol asks (SSLRequest is packet 1, the HandshakeResponse that follows inside TLS is packet 2).
    /// </summary>
    public void SwitchStream(Stream stream) => _stream = stream;

    /// <summary>The sequence id the next packet (read or written) must carry.</summary>
    public byte Sequence => _sequence;

    /// <summary>A new command starts: the client's first packet carries sequence id 0.</summary>
    public void ResetSequence() => _sequence = 0;

    /// <summary>
    /// Reads one logical packet (joining split chunks). Returns null when the peer closed the
    /// connection cleanly before a header; throws <see cref="ProtocolViolationException"/> on bad framing.
    /// </summary>
    public async Task<byte[]?> ReadPacketAsync(CancellationToken cancel)
    {
        byte[]? result = null;
        int total = 0;
        while (true)
        {
            if (!await ReadExactlyOrEofAsync(_header, cancel).ConfigureAwait(false))
            {
                if (result is null) return null;
                throw new ProtocolViolationException("connection closed in the middle of a split packet");
            }

            int length = _header[0] | (_header[1] << 8) | (_header[2] << 16);
            byte seq = _header[3];
            if (seq != _sequence)
            {
                throw new ProtocolViolationException($"packets out of order: sequence id {seq}, expected {_sequence}");
            }

            _sequence++;
            if ((long)total + length > _maxPayload)
            {
                throw new ProtocolViolationException($"packet of {(long)total + length} bytes exceeds max_allowed_packet ({_maxPayload})");
            }

            // The size check above runs first, so a lying header allocates at most MaxPacketSize (and one chunk).
            byte[] chunk = new byte[length];
            if (length > 0 && !await ReadExactlyOrEofAsync(chunk, cancel).ConfigureAwait(false))
            {
                throw new ProtocolViolationException($"truncated packet: header announced {length} bytes");
            }

            if (result is null && length < MaxChunk)
            {
                return chunk;
            }

            result = result is null ? chunk : Concat(result, chunk);
            total = result.Length;
            if (length < MaxChunk)
            {
                return result;
            }
        }
    }

    /// <summary>Queues one logical packet (split when needed) with the next sequence ids; sent by <see cref="FlushAsync"/>.</summary>
    public void WritePacket(ReadOnlySpan<byte> payload)
    {
        int offset = 0;
        while (true)
        {
            int chunk = Math.Min(MaxChunk, payload.Length - offset);
            _pending.WriteByte((byte)chunk);
            _pending.WriteByte((byte)(chunk >> 8));
            _pending.WriteByte((byte)(chunk >> 16));
            _pending.WriteByte(_sequence++);
            _pending.Write(payload.Slice(offset, chunk));
            offset += chunk;
            if (chunk < MaxChunk)
            {
                return;
            }
        }
    }

    /// <summary>Makes room for about <paramref name="bytes"/> more queued bytes at once (a large result set).</summary>
    public void Reserve(long bytes)
    {
        long wanted = _pending.Length + bytes + bytes / 16;
        if (wanted > _pending.Capacity && wanted <= int.MaxValue / 2) _pending.Capacity = (int)wanted;
    }

    /// <summary>Sends every queued packet in one write.</summary>
    public async Task FlushAsync(CancellationToken cancel)
    {
        if (_pending.Length == 0) return;
        byte[] buffer = _pending.GetBuffer();
        int length = (int)_pending.Length;
        _pending.SetLength(0);
        await _stream.WriteAsync(buffer.AsMemory(0, length), cancel).ConfigureAwait(false);
        await _stream.FlushAsync(cancel).ConfigureAwait(false);
        if (_pending.Capacity > 1 << 20)
        {
            _pending.Capacity = 0; // do not keep a huge result's buffer for the life of the connection
        }
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        byte[] joined = new byte[a.Length + b.Length];
        Buffer.BlockCopy(a, 0, joined, 0, a.Length);
        Buffer.BlockCopy(b, 0, joined, a.Length, b.Length);
        return joined;
    }

    private async Task<bool> ReadExactlyOrEofAsync(byte[] buffer, CancellationToken cancel)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read), cancel).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException)
            {
                n = 0;
            }

            if (n == 0)
            {
                if (read == 0) return false;
                throw new ProtocolViolationException($"truncated packet: got {read} of {buffer.Length} bytes");
            }

            read += n;
        }

        return true;
    }
}
