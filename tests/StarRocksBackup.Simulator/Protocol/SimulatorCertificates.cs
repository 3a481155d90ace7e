// Certificates for the simulator's TLS, made at run time with CertificateRequest (nothing is checked in):
// a self-signed CA and a server certificate it issued for 127.0.0.1 / localhost, as a DBA's private CA would.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StarRocksBackup.Simulator.Protocol;

/// <summary>A CA and the server certificate it issued (with its private key).</summary>
/// <param name="Authority">The CA certificate (public part only): what a client trusts.</param>
/// <param name="Server">The FE's certificate with its private key, issued by <paramref name="Authority"/>.</param>
public sealed record SimulatorCertificates(X509Certificate2 Authority, X509Certificate2 Server) : IDisposable
{
    /// <summary>Makes a new CA and a server certificate for <paramref name="hostNames"/> (IP addresses or DNS names).</summary>
    public static SimulatorCertificates Create(params string[] hostNames)
    {
        if (hostNames.Length == 0) hostNames = ["127.0.0.1", "localhost"];
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=StarRocks simulator test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostNames[0]}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (string name in hostNames)
        {
            if (IPAddress.TryParse(name, out IPAddress? ip)) names.AddIpAddress(ip);
            else names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(7), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so SslStream can use the key on every platform (ephemeral keys cannot on Windows).
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        X509Certificate2 authority = X509CertificateLoader.LoadCertificate(ca.RawData);
        return new SimulatorCertificates(authority, server);
    }

    /// <summary>The CA certificate in PEM, as a client's "trust this CA" file takes it.</summary>
    public string AuthorityPem() => Authority.ExportCertificatePem();

    /// <summary>Writes <see cref="AuthorityPem"/> to <paramref name="path"/>.</summary>
    public void WriteAuthorityPem(string path) => File.WriteAllText(path, AuthorityPem());

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
