// The MySQL protocol's basic data types inside a payload: fixed-length little-endian integers,
// length-encoded integers (<0xFB: 1 byte; 0xFC: 2; 0xFD: 3; 0xFE: 8) and strings, NUL-terminated
// strings. Reading past the end is a protocol violation, never an IndexOutOfRange.
using System.Buffers.Binary;
using System.Text;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>Builds one payload.</summary>
internal sealed class PayloadWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly MemoryStream _buffer = new();

    public int Length => (int)_buffer.Length;

    public ReadOnlySpan<byte> Span => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

    public PayloadWriter Byte(int value)
    {
        _buffer.WriteByte((byte)value);
        return this;
    }

    public PayloadWriter Int2(int value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        _buffer.Write(b);
        return this;
    }

    public PayloadWriter Int4(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _buffer.Write(b);
        return this;
    }

    public PayloadWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public PayloadWriter Zeros(int count)
    {
        for (int i = 0; i < count; i++) _buffer.WriteByte(0);
        return this;
    }

    public PayloadWriter LengthEncodedInt(ulong value)
    {
        if (value < 0xFB)
        {
            _buffer.WriteByte((byte)value);
        }
        else if (value <= 0xFFFF)
        {
            _buffer.WriteByte(0xFC);
            Int2((int)value);
        }
        else if (value <= 0xFFFFFF)
        {
            _buffer.WriteByte(0xFD);
            _buffer.WriteByte((byte)value);
            _buffer.WriteByte((byte)(value >> 8));
            _buffer.WriteByte((byte)(value >> 16));
        }
        else
        {
            _buffer.WriteByte(0xFE);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
            _buffer.Write(b);
        }

        return this;
    }

    /// <summary>Empties the payload (one writer reused for every row of a result).</summary>
    public void Reset() => _buffer.SetLength(0);

    public PayloadWriter LengthEncodedString(string value)
    {
        // Encoded straight into the buffer, without a byte[] per string: ASCII text (the usual case) is one byte a char.
        int max = Utf8.GetMaxByteCount(value.Length);
        if (max <= 256)
        {
            Span<byte> bytes = stackalloc byte[max];
            return LengthEncodedBytes(bytes[..Utf8.GetBytes(value, bytes)]);
        }

        return LengthEncodedBytes(Utf8.GetBytes(value));
    }

    public PayloadWriter LengthEncodedBytes(ReadOnlySpan<byte> value)
    {
        LengthEncodedInt((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public PayloadWriter NulTerminatedString(string value)
    {
        _buffer.Write(Utf8.GetBytes(value));
        _buffer.WriteByte(0);
        return this;
    }

    /// <summary>A string that runs to the end of the packet (string&lt;EOF&gt;).</summary>
    public PayloadWriter RestOfPacketString(string value)
    {
        _buffer.Write(Utf8.GetBytes(value));
        return this;
    }
}

/// <summary>Reads one received payload; every overrun throws <see cref="ProtocolViolationException"/>.</summary>
internal sealed class PayloadReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly byte[] _data;
    private int _position;

    public PayloadReader(byte[] data, int position = 0)
    {
        _data = data;
        _position = position;
    }

    public int Remaining => _data.Length - _position;

    public bool AtEnd => _position >= _data.Length;

    public byte Byte()
    {
        Need(1);
        return _data[_position++];
    }

    public uint Int4()
    {
        Need(4);
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(_position, 4));
        _position += 4;
        return v;
    }

    public void Skip(int count)
    {
        Need(count);
        _position += count;
    }

    public byte[] Bytes(int count)
    {
        Need(count);
        byte[] b = _data.AsSpan(_position, count).ToArray();
        _position += count;
        return b;
    }

    public ulong LengthEncodedInt()
    {
        byte first = Byte();
        switch (first)
        {
            case < 0xFB:
                return first;
            case 0xFC:
                return Fixed(2);
            case 0xFD:
                return Fixed(3);
            case 0xFE:
                return Fixed(8);
            default:
                throw new ProtocolViolationException($"invalid length-encoded integer prefix 0x{first:X2}");
        }
    }

    public byte[] LengthEncodedBytes()
    {
        ulong length = LengthEncodedInt();
        if (length > (ulong)Remaining) throw new ProtocolViolationException($"length-encoded string of {length} bytes overruns the packet");
        return Bytes((int)length);
    }

    public string NulTerminatedString()
    {
        int end = Array.IndexOf(_data, (byte)0, _position);
        if (end < 0) throw new ProtocolViolationException("NUL-terminated string without a terminator");
        string s = Utf8.GetString(_data, _position, end - _position);
        _position = end + 1;
        return s;
    }

    /// <summary>A NUL-terminated string that may also simply run to the end of the packet.</summary>
    public string NulTerminatedOrRest()
    {
        int end = Array.IndexOf(_data, (byte)0, _position);
        if (end < 0) end = _data.Length;
        string s = Utf8.GetString(_data, _position, end - _position);
        _position = Math.Min(_data.Length, end + 1);
        return s;
    }

    public string RestAsString()
    {
        string s = Utf8.GetString(_data, _position, Remaining);
        _position = _data.Length;
        return s;
    }

    private ulong Fixed(int bytes)
    {
        Need(bytes);
        ulong v = 0;
        for (int i = 0; i < bytes; i++) v |= (ulong)_data[_position + i] << (8 * i);
        _position += bytes;
        return v;
    }

    private void Need(int count)
    {
        if (count < 0 || Remaining < count)
        {
            throw new ProtocolViolationException($"packet too short: need {count} more bytes, {Remaining} left");
        }
    }
}
