// The connection phase (Handshake v10 → HandshakeResponse41 → [AuthSwitch] → OK/ERR) and
// COM_CHANGE_USER, which authenticates again against the connection's original scramble.
using System.Diagnostics;
using System.Net.Security;

namespace StarRocksBackup.Simulator.Protocol;

internal sealed partial class ClientConnection
{
    private async Task<bool> LoginAsync(CancellationToken lifetime)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        timeout.CancelAfter(_server.Options.HandshakeTimeout);
        _scramble = Handshake.NewScramble();
        var hello = new PayloadWriter();
        var certificate = _server.Options.ServerCertificate;
        Handshake.WriteHandshake(hello, _server.Options.ServerVersion, Id, _scramble, tls: certificate is not null);
        _channel.WritePacket(hello.Span);
        await _channel.FlushAsync(timeout.Token).ConfigureAwait(false);

        byte[]? packet = await _channel.ReadPacketAsync(timeout.Token).ConfigureAwait(false);
        if (packet is null) return false;
        if (certificate is not null && Handshake.IsSslRequest(packet))
        {
            // SSLRequest: the TLS handshake follows on the same socket; the login continues inside TLS.
            var tls = new SslStream(_stream!, leaveInnerStreamOpen: true);
            _tls = tls;
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false },
                timeout.Token).ConfigureAwait(false);
            _channel.SwitchStream(tls);
            packet = await _channel.ReadPacketAsync(timeout.Token).ConfigureAwait(false);
            if (packet is null) return false;
        }

        HandshakeResponse response = Handshake.ParseResponse(packet);
        _clientFlags = response.ClientFlags;
        return await AuthenticateAsync(response, lifetime, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>COM_CHANGE_USER: a new login on the same connection; false when the connection must close.</summary>
    private async Task<bool> ChangeUserAsync(byte[] packet, CancellationToken lifetime)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        timeout.CancelAfter(_server.Options.HandshakeTimeout);
        HandshakeResponse response = Handshake.ParseChangeUser(packet, _clientFlags);
        return await AuthenticateAsync(response, lifetime, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the credentials (switching the client to mysql_native_password if it asked for another
    /// plugin), opens a fresh session, applies the requested database through the engine, answers OK
    /// or ERR. False: the login failed and the connection must close (ERR already queued and sent).
    /// </summary>
    private async Task<bool> AuthenticateAsync(HandshakeResponse response, CancellationToken lifetime, CancellationToken timeout)
    {
        byte[] auth = response.AuthResponse;
        bool ldap = _server.Options.LdapUsers.TryGetValue(response.User, out string? ldapPassword);
        // StarRocks asks an LDAP user (authentication_ldap_simple) for the password in clear text, and every
        // other user for mysql_native_password; a client that already used the wanted plugin is not asked again.
        string wanted = ldap ? Handshake.ClearPasswordPlugin : Handshake.NativePlugin;
        string used = response.AuthPlugin is { Length: > 0 } p ? p : Handshake.NativePlugin;
        if (used != wanted)
        {
            var sw = new PayloadWriter();
            Handshake.WriteAuthSwitch(sw, _scramble, wanted);
            _channel.WritePacket(sw.Span);
            await _channel.FlushAsync(timeout).ConfigureAwait(false);
            auth = await _channel.ReadPacketAsync(timeout).ConfigureAwait(false)
                ?? throw new ProtocolViolationException("connection closed during the auth switch");
        }

        bool accepted = ldap
            ? Handshake.VerifyClearPassword(ldapPassword!, auth)
            : _server.Options.Users.TryGetValue(response.User, out string? password) && Handshake.VerifyNativePassword(password, _scramble, auth);
        _server.NoteLogin(new LoginRecord(Id, response.User, wanted, _tls is not null, accepted));
        if (!accepted)
        {
            ResultWriter.WriteError(_channel, WireErrors.AccessDenied(response.User, Handshake.UsedPassword(auth)));
            await _channel.FlushAsync(timeout).ConfigureAwait(false);
            return false;
        }

        _session = new ClientSession(Id, response.User, _socket.RemoteEndPoint?.ToString() ?? string.Empty);
        if (response.Database is { } database)
        {
            // The schema of the handshake response: the engine decides whether it exists.
            string use = CompatStatements.UseStatement(database);
            DateTimeOffset time = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            QueryResult result = await RunUseAsync(database, use, lifetime).ConfigureAwait(false);
            AddLog(time, use, clock.Elapsed, result);
            if (result is ErrorResult error)
            {
                ResultWriter.WriteError(_channel, error);
                await _channel.FlushAsync(timeout).ConfigureAwait(false);
                return false;
            }
        }

        ResultWriter.WriteOk(_channel);
        await _channel.FlushAsync(timeout).ConfigureAwait(false);
        return true;
    }
}
