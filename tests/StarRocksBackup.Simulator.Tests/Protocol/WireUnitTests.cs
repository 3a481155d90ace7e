using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>The pieces of the wire layer in memory: framing, encodings, matching helpers.</summary>
public sealed class WireUnitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    [InlineData(251)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(16777215)]
    [InlineData(16777216)]
    [InlineData(long.MaxValue)]
    public void Length_encoded_integers_round_trip(long value)
    {
        var w = new PayloadWriter().LengthEncodedInt((ulong)value);
        var r = new PayloadReader(w.Span.ToArray());
        Assert.Equal((ulong)value, r.LengthEncodedInt());
        Assert.True(r.AtEnd);
        int expectedLength = value < 251 ? 1 : value < 65536 ? 3 : value < 16777216 ? 4 : 9;
        Assert.Equal(expectedLength, w.Length);
    }

    [Fact]
    public void Reading_past_the_end_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => new PayloadReader([0xFC, 0x01]).LengthEncodedInt());
        Assert.Throws<ProtocolViolationException>(() => new PayloadReader([0x05, 0x41]).LengthEncodedBytes());
        Assert.Throws<ProtocolViolationException>(() => new PayloadReader([0x41, 0x42]).NulTerminatedString());
        Assert.Throws<ProtocolViolationException>(() => new PayloadReader([0xFF]).LengthEncodedInt());
        Assert.Throws<ProtocolViolationException>(() => Handshake.ParseResponse([0x00, 0x02]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(0xFFFFFF - 1)]
    [InlineData(0xFFFFFF)]
    [InlineData(0xFFFFFF + 1)]
    public async Task Packets_split_at_16MB_and_join_back(int size)
    {
        byte[] payload = new byte[size];
        new Random(size).NextBytes(payload);
        var stream = new MemoryStream();
        var writer = new PacketChannel(stream, int.MaxValue);
        writer.WritePacket(payload);
        writer.WritePacket("next"u8);
        await writer.FlushAsync(CancellationToken.None);

        int chunks = size / 0xFFFFFF + 1;
        Assert.Equal(size + 4 + 4 * (chunks + 1), stream.Length);
        stream.Position = 0;
        var reader = new PacketChannel(stream, int.MaxValue);
        Assert.Equal(payload, await reader.ReadPacketAsync(CancellationToken.None));
        Assert.Equal("next"u8.ToArray(), await reader.ReadPacketAsync(CancellationToken.None));
        Assert.Null(await reader.ReadPacketAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bad_framing_is_detected()
    {
        var outOfOrder = new PacketChannel(new MemoryStream([1, 0, 0, 5, 0x03]), 1024);
        await Assert.ThrowsAsync<ProtocolViolationException>(() => outOfOrder.ReadPacketAsync(CancellationToken.None));
        var truncated = new PacketChannel(new MemoryStream([9, 0, 0, 0, 0x03, 0x41]), 1024);
        await Assert.ThrowsAsync<ProtocolViolationException>(() => truncated.ReadPacketAsync(CancellationToken.None));
        var oversize = new PacketChannel(new MemoryStream([0, 4, 0, 0]), 1000);
        await Assert.ThrowsAsync<ProtocolViolationException>(() => oversize.ReadPacketAsync(CancellationToken.None));
        var halfHeader = new PacketChannel(new MemoryStream([1, 0]), 1024);
        await Assert.ThrowsAsync<ProtocolViolationException>(() => halfHeader.ReadPacketAsync(CancellationToken.None));
    }

    [Fact]
    public void Native_password_check_matches_an_independent_client_implementation()
    {
        byte[] scramble = Handshake.NewScramble();
        Assert.Equal(20, scramble.Length);
        Assert.True(Handshake.VerifyNativePassword("secret", scramble, RawClient.Scramble("secret", scramble)));
        Assert.False(Handshake.VerifyNativePassword("secret", scramble, RawClient.Scramble("Secret", scramble)));
        Assert.False(Handshake.VerifyNativePassword("secret", scramble, []));
        Assert.True(Handshake.VerifyNativePassword(string.Empty, scramble, []));
        Assert.True(Handshake.VerifyNativePassword(string.Empty, scramble, [0]));
        Assert.False(Handshake.VerifyNativePassword(string.Empty, scramble, RawClient.Scramble("x", scramble)));
    }

    [Theory]
    [InlineData("character_set_client", "character\\_set\\_%", true)]
    [InlineData("characterXsetXclient", "character\\_set\\_%", false)]
    [InlineData("version", "VERSION", true)]
    [InlineData("version_comment", "version", false)]
    [InlineData("version_comment", "version%", true)]
    [InlineData("wait_timeout", "wait_timeou_", true)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("axb", "a.b", false)]
    [InlineData("x(y)", "x(y)", true)]
    public void Like_has_SQL_semantics(string value, string pattern, bool match) =>
        Assert.Equal(match, SystemVariables.Like(value, pattern));

    [Theory]
    [InlineData("  SELECT 1 ;; ", "SELECT 1")]
    [InlineData("SELECT 1;\n", "SELECT 1")]
    [InlineData(";", "")]
    [InlineData("SELECT ';'", "SELECT ';'")]
    public void Statements_are_cleaned_of_whitespace_and_trailing_semicolons(string input, string expected) =>
        Assert.Equal(expected, ClientConnection.Clean(input));

    [Fact]
    public void Tokenizer_handles_quotes_comments_and_refuses_what_it_does_not_know()
    {
        var t = SqlTokenizer.Tokenize("/* c */ SET @@session.x = 'it''s \\n', `we``ird` := \"q\" -- tail")!;
        Assert.Equal(
            [TokenKind.Word, TokenKind.SystemVariable, TokenKind.Symbol, TokenKind.String, TokenKind.Symbol, TokenKind.QuotedIdentifier, TokenKind.Symbol, TokenKind.String],
            t.Select(x => x.Kind));
        Assert.Equal("session.x", t[1].Value);
        Assert.Equal("it's \n", t[3].Value);
        Assert.Equal("we`ird", t[5].Value);
        Assert.Null(SqlTokenizer.Tokenize("SELECT 'unterminated"));
        Assert.Null(SqlTokenizer.Tokenize("SELECT /* open"));
        Assert.Null(SqlTokenizer.Tokenize("SELECT a | b"));
        Assert.Equal("a\\_b", SqlTokenizer.Tokenize("LIKE 'a\\_b'")![1].Value); // \_ stays escaped for LIKE
    }

    [Fact]
    public void Use_statements_are_recognised_and_requoted()
    {
        Assert.Equal("edw", CompatStatements.TryParseUse(SqlTokenizer.Tokenize("use edw")));
        Assert.Equal("we`ird", CompatStatements.TryParseUse(SqlTokenizer.Tokenize("USE `we``ird`")));
        Assert.Null(CompatStatements.TryParseUse(SqlTokenizer.Tokenize("USE a b")));
        Assert.Equal("USE `we``ird`", CompatStatements.UseStatement("we`ird"));
    }
}
