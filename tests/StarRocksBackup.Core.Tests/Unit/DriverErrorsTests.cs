using System.Net.Sockets;
using System.Security.Authentication;
using StarRocksBackup.Core.Connection;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

/// <summary>
/// MySqlConnector's exceptions cannot be constructed outside the driver, so the classification is a pure function of
/// the values they carry; these are the driver's own texts and codes (MySqlConnector 2.6, ServerSession.cs).
/// </summary>
public sealed class DriverErrorsTests
{
    [Theory]
    [InlineData(1042, "Authentication method 'mysql_clear_password' requires a secure connection with a verified server certificate.", "SecureConnectionRequired")]
    [InlineData(1042, "Authentication method 'sha256_password' requires a secure connection with a verified server certificate to send the password.", "SecureConnectionRequired")]
    [InlineData(1042, "Server does not support SSL", "Tls")]
    [InlineData(1042, "SSL Authentication Error", "Tls")]
    [InlineData(0, "Cannot find CA Certificate File: /x/ca.pem", "Tls")]
    [InlineData(1042, "Unable to connect to any of the specified MySQL hosts.", "Connection")]
    [InlineData(1042, "Connect Timeout expired.", "Connection")]
    [InlineData(0, "Failed to read the result set.", "Connection")]
    [InlineData(-1, "The Command Timeout expired before the operation completed.", "CommandTimeout")]
    [InlineData(1064, "Getting syntax error at line 1, column 16. Detail message: Unexpected input 'INTO' [SELECT SLEEP(0) INTO @__MySqlConnector__Sleep].", "CommandTimeout")]
    [InlineData(1045, "Access denied for user 'x' (using password: YES)", "Server")]
    [InlineData(5501, "Getting analyzing error. Detail message: Unknown database 'nope'.", "Server")]
    public void Classifies_by_code_and_text(int code, string message, string expected) =>
        Assert.Equal(expected, DriverErrors.Classify(code, message, null).ToString());

    [Fact]
    public void Inner_causes_decide_TLS_and_network_failures()
    {
        Assert.Equal(DriverFailure.Tls, DriverErrors.Classify(1042, "x", new AuthenticationException("The remote certificate was rejected")));
        Assert.Equal(DriverFailure.Connection, DriverErrors.Classify(2013, "x", new IOException("reset", new SocketException(104))));
        Assert.Equal(DriverFailure.Connection, DriverErrors.Classify(1105, "x", new EndOfStreamException()));
    }

    [Fact]
    public void TLS_messages_name_the_way_out()
    {
        var o = new ConnectionOptions { Host = "fe1", SslMode = SslMode.VerifyFull };
        string untrusted = DriverErrors.TlsMessage(o, "SSL Authentication Error", new AuthenticationException("The remote certificate was rejected due to the following error: RemoteCertificateChainErrors"));
        Assert.Contains("RemoteCertificateChainErrors", untrusted, StringComparison.Ordinal);
        Assert.Contains("-SslCaCertificate", untrusted, StringComparison.Ordinal);
        Assert.Contains("does not offer TLS", DriverErrors.TlsMessage(o, "Server does not support SSL", null), StringComparison.Ordinal);
    }
}
