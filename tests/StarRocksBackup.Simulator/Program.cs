// Console host: runs a simulated StarRocks FE until Ctrl+C.
using StarRocksBackup.Simulator;

var options = new SimulatorOptions { Port = 9030 };
bool sampleData = false;
var failNextBackup = new List<(string Db, string Message)>();
string? tlsCaOut = null;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--help":
        case "-h":
            Console.WriteLine("""
                StarRocks FE simulator (MySQL protocol + backup/restore against S3-compatible storage)

                  dotnet run --project tests/StarRocksBackup.Simulator -- [options]

                  --port <n>            TCP port on 127.0.0.1 (default 9030; 0 = any free port)
                  --version <x.y.z>     StarRocks version to imitate (default 3.3.9)
                  --run-mode <m>        shared-nothing (default) or shared-data
                  --backends <n>        alive backends (default 3)
                  --phase-ms <n>        duration of each backup/restore state in ms (default 1000)
                  --user <name:pass>    add an account (repeatable; root with empty password always exists)
                  --time-zone <id>      FE time zone (default UTC)
                  --sample-data         create databases sales, crm, web (tables events: 60 rows in
                                        3 partitions, customers: 3 rows) before accepting connections
                  --fail-backup <db:msg> the next backup job of database db is CANCELLED with msg (repeatable; fault injection)
                  --bind <address>      address to listen on (default 127.0.0.1)
                  --ldap-user <name:pass>  add an LDAP account (authentication_ldap_simple: mysql_clear_password; repeatable)
                  --tls-ca-out <path>   enable TLS: make a CA and a server certificate for 127.0.0.1/localhost now,
                                        write the CA certificate (PEM) to <path> for clients to trust
                """ + SharedDataCommandLine.Help);
            return 0;
        case "--port":
            options.Port = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--version":
            options.Version = Value();
            break;
        case "--run-mode":
            string mode = Value();
            options.RunMode = mode.Replace("-", "_", StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "shared_data" => SimulatorRunMode.SharedData,
                "shared_nothing" => SimulatorRunMode.SharedNothing,
                _ => throw new ArgumentException($"unknown run mode {mode} (shared-nothing or shared-data)"),
            };
            break;
        case "--backends":
            options.AliveBackends = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--phase-ms":
            int ms = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
            options.BackupPhaseDuration = options.RestorePhaseDuration = TimeSpan.FromMilliseconds(ms);
            break;
        case "--user":
            string spec = Value();
            int colon = spec.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new ArgumentException("--user expects name:password");
            options.Users[spec[..colon]] = spec[(colon + 1)..];
            break;
        case "--bind":
            options.BindAddress = System.Net.IPAddress.Parse(Value());
            break;
        case "--ldap-user":
            string ldap = Value();
            int sep = ldap.IndexOf(':', StringComparison.Ordinal);
            if (sep <= 0) throw new ArgumentException("--ldap-user expects name:password");
            options.LdapUsers[ldap[..sep]] = ldap[(sep + 1)..];
            break;
        case "--tls-ca-out":
            tlsCaOut = Value();
            break;
        case "--time-zone":
            options.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(Value());
            break;
        case "--sample-data":
            sampleData = true;
            break;
        case "--fail-backup":
            string fault = Value();
            int faultSep = fault.IndexOf(':', StringComparison.Ordinal);
            if (faultSep <= 0) throw new ArgumentException("--fail-backup expects db:message");
            failNextBackup.Add((fault[..faultSep], fault[(faultSep + 1)..]));
            break;
        default:
            if (SharedDataCommandLine.TryApply(args[i], Value, options)) break;
            Console.Error.WriteLine($"unknown option {args[i]} (see --help)");
            return 2;
    }
}

SharedDataCommandLine.Complete(options);
using StarRocksBackup.Simulator.Protocol.SimulatorCertificates? certificates = tlsCaOut is null ? null : StarRocksBackup.Simulator.Protocol.SimulatorCertificates.Create();
if (certificates is not null)
{
    certificates.WriteAuthorityPem(tlsCaOut!);
    options.TlsCertificate = certificates.Server;
}

await using StarRocksSimulator sim = await StarRocksSimulator.StartAsync(options);
if (sampleData)
{
    SampleData.Seed(sim);
    Console.WriteLine($"Sample data: databases {string.Join(", ", SampleData.Databases)} (events {SampleData.EventRows} rows, customers {SampleData.CustomerRows} rows each)");
}

foreach ((string db, string message) in failNextBackup) sim.Faults.FailNextJob(db, message);
Console.WriteLine($"StarRocks {options.Version} FE simulator ({options.RunMode}, {options.AliveBackends} backends) listening on {sim.Host}:{sim.Port}");
Console.WriteLine($"  mysql -h{sim.Host} -P{sim.Port} -uroot");
if (SharedDataCommandLine.Describe(options) is { } sharedData) Console.WriteLine(sharedData);
if (certificates is not null) Console.WriteLine($"  TLS on; CA certificate written to {tlsCaOut}: Connect-SrServer ... -UseSsl -SslCaCertificate {tlsCaOut}");
foreach (string ldapUser in options.LdapUsers.Keys) Console.WriteLine($"  LDAP user {ldapUser} (mysql_clear_password: needs TLS)");
Console.WriteLine($"  Connect-SrServer -Server {sim.Host} -Port {sim.Port}        # root, no password (Connect-SrServer's default)");
Console.WriteLine("Press Ctrl+C to stop.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
// SIGTERM (docker stop, kill) stops as cleanly as Ctrl+C.
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.TrySetResult();
});
await stop.Task;
Console.WriteLine("stopping");
return 0;
