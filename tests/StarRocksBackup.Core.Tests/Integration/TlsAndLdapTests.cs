using System.Diagnostics;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Simulator;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>
/// TLS and LDAP (mysql_clear_password) logins through Core and MySqlConnector against the simulator, whose
/// certificate is issued at test time by a CA made at test time.
/// </summary>
public sealed class TlsAndLdapTests : IAsyncLifetime
{
    private const string LdapUser = "ldap_dba";
    private const string LdapPassword = "ld@p pass;wörd";
    private SimulatorCertificates _certificates = null!;
    private StarRocksSimulator _sim = null!;
    private string _caFile = null!;

    public async Task InitializeAsync()
    {
        _certificates = SimulatorCertificates.Create("127.0.0.1", "localhost");
        _caFile = Path.Combine(Path.GetTempPath(), $"srb-ca-{Guid.NewGuid():N}.pem");
        _certificates.WriteAuthorityPem(_caFile);
        var options = new SimulatorOptions { TlsCertificate = _certificates.Server };
        options.LdapUsers[LdapUser] = LdapPassword;
        options.Users["native"] = "native-pw";
        _sim = await StarRocksSimulator.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        _certificates.Dispose();
        File.Delete(_caFile);
    }

    private ConnectionOptions Options(string user, string password, SslMode mode, bool trustCa) => new()
    {
        Host = _sim.Host, Port = _sim.Port, User = user, Password = password, SslMode = mode,
        SslCaCertificateFile = trustCa ? _caFile : null,
        ConnectTimeout = TimeSpan.FromSeconds(5), MaxReconnectAttempts = 3, ReconnectDelay = TimeSpan.FromMilliseconds(50),
    };

    [Theory]
    [InlineData(SslMode.VerifyCA)]
    [InlineData(SslMode.VerifyFull)]
    public async Task Verifying_modes_connect_over_TLS_when_the_generated_CA_is_trusted(SslMode mode)
    {
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options("native", "native-pw", mode, trustCa: true));
        Assert.Equal(new Version(3, 3, 9), c.Server.Version);
        Assert.All(_sim.Logins, l => Assert.True(l.Tls && l.Succeeded, l.ToString()));
        Assert.Contains(_sim.Logins, l => l.User == "native" && l.Plugin == "mysql_native_password");
        Assert.Contains($"(TLS, {mode})", c.Options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SslMode.VerifyCA)]
    [InlineData(SslMode.VerifyFull)]
    public async Task An_untrusted_certificate_is_TlsFailed_naming_the_way_out_and_is_not_retried(SslMode mode)
    {
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => StarRocksClient.ConnectAsync(Options("native", "native-pw", mode, trustCa: false)));
        Assert.Equal(ErrorKind.TlsFailed, ex.Kind);
        Assert.Contains("certificate was not accepted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RemoteCertificateChainErrors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-SslCaCertificate", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("native-pw", ex.ToString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}: retried?");
        Assert.Single(_sim.Logins); // one attempt
    }

    [Fact]
    public async Task Required_is_the_explicit_skip_of_the_certificate_check()
    {
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options("native", "native-pw", SslMode.Required, trustCa: false));
        Assert.All(_sim.Logins, l => Assert.True(l.Tls && l.Succeeded));
    }

    [Theory]
    [InlineData(SslMode.VerifyFull, true)]
    [InlineData(SslMode.Required, false)]
    public async Task An_LDAP_user_logs_in_with_the_clear_password_inside_TLS(SslMode mode, bool trustCa)
    {
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options(LdapUser, LdapPassword, mode, trustCa));
        // Later statements reuse the pooled TLS connection without logging in again (no reset: one LDAP bind, not one
        // per statement); a BACKUP-like statement pings it first.
        int logins = _sim.Logins.Count;
        for (int i = 0; i < 3; i++)
        {
            ResultTable t = await c.Session.QueryAsync("SELECT current_version()", NullObserver.Instance, default);
            Assert.StartsWith("3.3.9", t.Rows[0][0], StringComparison.Ordinal);
        }

        Assert.Equal(logins, _sim.Logins.Count);
        Assert.NotEmpty(_sim.Logins);
        Assert.All(_sim.Logins, l => Assert.Equal(new LoginRecord(l.ConnectionId, LdapUser, "mysql_clear_password", true, true), l));
        Assert.DoesNotContain(LdapPassword, c.Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_LDAP_password_is_AuthenticationFailed()
    {
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => StarRocksClient.ConnectAsync(Options(LdapUser, "not-it", SslMode.VerifyFull, trustCa: true)));
        Assert.Equal(ErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Equal(1045, ex.ServerErrorCode);
        Assert.Equal("28000", ex.SqlState);
        Assert.Equal($"Access denied for user '{LdapUser}' (using password: YES)", ex.Message);
        Assert.Equal([new LoginRecord(_sim.Logins[0].ConnectionId, LdapUser, "mysql_clear_password", true, false)], _sim.Logins);
    }

    [Fact]
    public async Task TLS_asked_of_an_FE_without_TLS_is_TlsFailed()
    {
        await using StarRocksSimulator plain = await StarRocksSimulator.StartAsync();
        var o = Options("root", string.Empty, SslMode.Required, trustCa: false);
        o.Port = plain.Port;
        var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => StarRocksClient.ConnectAsync(o));
        Assert.Equal(ErrorKind.TlsFailed, ex.Kind);
        Assert.Contains("does not offer TLS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_TLS_the_FE_does_not_advertise_it_and_native_logins_work()
    {
        using StarRocksClient c = await StarRocksClient.ConnectAsync(Options("native", "native-pw", SslMode.None, trustCa: false));
        Assert.All(_sim.Logins, l => Assert.False(l.Tls));
    }
}
