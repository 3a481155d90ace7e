using MySqlConnector;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Protocol;

/// <summary>
/// TLS (SSLRequest → TLS → HandshakeResponse inside it) and LDAP accounts (auth switch to mysql_clear_password),
/// through MySqlConnector, a real client, and on the raw wire.
/// </summary>
public sealed class TlsAndLdapTests : IDisposable
{
    private readonly SimulatorCertificates _certificates = SimulatorCertificates.Create("127.0.0.1", "localhost");
    private readonly string _caFile = Path.Combine(Path.GetTempPath(), $"srsim-ca-{Guid.NewGuid():N}.pem");

    public TlsAndLdapTests() => _certificates.WriteAuthorityPem(_caFile);

    public void Dispose()
    {
        _certificates.Dispose();
        File.Delete(_caFile);
    }

    private TestServer StartTls(Action<ProtocolOptions>? more = null) => TestServer.Start(o =>
    {
        o.ServerCertificate = _certificates.Server;
        o.LdapUsers["ldap_dba"] = "ld@p pw";
        more?.Invoke(o);
    });

    [Fact]
    public void The_generated_server_certificate_is_issued_by_the_CA_for_the_loopback_names()
    {
        Assert.Equal(_certificates.Authority.Subject, _certificates.Server.Issuer);
        Assert.True(_certificates.Server.HasPrivateKey);
        Assert.False(_certificates.Authority.HasPrivateKey);
        Assert.True(_certificates.Server.MatchesHostname("127.0.0.1"));
        Assert.True(_certificates.Server.MatchesHostname("localhost"));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(_caFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CLIENT_SSL_is_advertised_only_when_the_FE_has_a_certificate()
    {
        await using TestServer plain = TestServer.Start();
        await using TestServer tls = StartTls();
        Assert.Equal(0u, Capabilities(plain.Port) & 0x800);
        Assert.Equal(0x800u, Capabilities(tls.Port) & 0x800);
    }

    [Theory]
    [InlineData("VerifyCA")]
    [InlineData("VerifyFull")]
    public async Task MySqlConnector_verifies_the_certificate_against_the_generated_CA(string mode)
    {
        await using TestServer s = StartTls();
        using var c = s.Open(extra: $"SslMode={mode};SslCa={_caFile}");
        using var cmd = new MySqlCommand("SELECT CONNECTION_ID()", c);
        Assert.Equal(1L, Convert.ToInt64(cmd.ExecuteScalar()));
        Assert.Equal([new LoginRecord(1, "root", "mysql_native_password", true, true)], s.Server.Logins);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_by_the_client()
    {
        await using TestServer s = StartTls();
        var ex = Assert.Throws<MySqlException>(() => s.Open(extra: "SslMode=VerifyFull"));
        Assert.Contains("SSL Authentication Error", ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(ex.InnerException);
    }

    [Fact]
    public async Task The_LDAP_user_is_switched_to_mysql_clear_password_and_logs_in_inside_TLS()
    {
        await using TestServer s = StartTls();
        using (var c = s.Open("ldap_dba", "ld@p pw", extra: $"SslMode=VerifyFull;SslCa={_caFile}"))
        using (var cmd = new MySqlCommand("SELECT whoami", c))
        using (var r = cmd.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal("ldap_dba", r.GetString(0));
        }

        Assert.Equal([new LoginRecord(1, "ldap_dba", "mysql_clear_password", true, true)], s.Server.Logins);
        Assert.Equal(1045, Assert.Throws<MySqlException>(() => s.Open("ldap_dba", "wrong", extra: $"SslMode=VerifyFull;SslCa={_caFile}")).Number);
        Assert.False(s.Server.Logins[^1].Succeeded);
    }

    [Fact]
    public async Task A_client_that_offers_the_clear_password_first_is_not_switched()
    {
        await using TestServer s = StartTls();
        // As `mysql --default-auth=mysql_clear_password --enable-cleartext-plugin` logs in (StarRocks' LDAP docs).
        (RawClient c, byte[] answer) = RawClient.Login(s.Port, "ldap_dba", "ld@p pw", plugin: "mysql_clear_password");
        using (c)
        {
            Assert.Equal(0, answer[0]); // OK without an AuthSwitchRequest
        }

        Assert.Equal("mysql_clear_password", s.Server.Logins.Single().Plugin);
    }

    [Fact]
    public async Task A_native_user_on_a_TLS_FE_may_still_log_in_without_TLS()
    {
        await using TestServer s = StartTls();
        using var c = s.Open(); // SslMode=None
        Assert.False(s.Server.Logins.Single().Tls);
    }

    [Fact]
    public async Task An_SSLRequest_to_an_FE_without_TLS_closes_only_that_connection()
    {
        await using TestServer s = TestServer.Start();
        Assert.Throws<MySqlException>(() => s.Open(extra: "SslMode=Required"));
        await CancellationTests.WaitUntilAsync(() => s.Server.ProtocolViolations == 1, "violation noted");
        using var ok = s.Open();
        Assert.Equal(System.Data.ConnectionState.Open, ok.State);
    }

    private static uint Capabilities(int port)
    {
        using RawClient c = RawClient.Connect(port);
        byte[] g = c.ReadPacket();
        int i = Array.IndexOf(g, (byte)0, 1) + 1 + 4 + 8 + 1; // protocol byte, version and its NUL, connection id, scramble part 1, filler
        uint low = BitConverter.ToUInt16(g, i);
        uint high = BitConverter.ToUInt16(g, i + 2 + 1 + 2); // after charset and status flags
        return low | (high << 16);
    }
}
