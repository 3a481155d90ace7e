namespace StarRocksBackup.Simulator;

/// <summary>Shared-nothing (BE) or shared-data (CN + object storage) cluster.</summary>
public enum SimulatorRunMode
{
    SharedNothing,
    SharedData,
}

/// <summary>How the simulated StarRocks FE behaves.</summary>
public sealed partial class SimulatorOptions
{
    /// <summary>StarRocks release to imitate, "2.5.x" … "4.2.x": decides grammar, SHOW forms, error codes and 4.2 features.</summary>
    public string Version { get; set; } = "3.3.9";

    /// <summary>Short git hash shown by SELECT current_version() ("3.3.9 a1b2c3d").</summary>
    public string GitHash { get; set; } = "a1b2c3d";

    public SimulatorRunMode RunMode { get; set; } = SimulatorRunMode.SharedNothing;

    /// <summary>Alive backends (SHOW BACKENDS rows); RESTORE with replication_num above this fails like StarRocks.</summary>
    public int AliveBackends { get; set; } = 3;

    /// <summary>How long each state of a backup job lasts.</summary>
    public TimeSpan BackupPhaseDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Bytes per second a backup job uploads: with a value, its UPLOADING state lasts its snapshot's bytes at this rate
    /// longer than the phase duration, so big databases take longer to back up (benchmarks of job ordering). Null: every
    /// job takes the same time whatever its size.
    /// </summary>
    public long? BackupUploadBytesPerSecond { get; set; }

    /// <summary>
    /// How long a BACKUP or RESTORE waits for another one's submission before it fails with "Another backup or restore job
    /// is being submitted. Please wait and try again" (StarRocks: <c>seqlock.tryLock(10, TimeUnit.SECONDS)</c>).
    /// </summary>
    public TimeSpan SubmissionLockWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The round trip between client and FE: each reply waits this long after its statement ran (benchmarks of a client
    /// far from its cluster, e.g. a runbook in another region). Zero: loopback.
    /// </summary>
    public TimeSpan NetworkRoundTrip { get; set; } = TimeSpan.Zero;

    /// <summary>How long each state of a restore job lasts.</summary>
    public TimeSpan RestorePhaseDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The FE's time zone: SHOW times and the snapshot timestamp (JVM default zone in StarRocks).</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>This cluster's id, recorded in 4.2 snapshot info files (cluster_id).</summary>
    public long ClusterId { get; set; } = 1_234_567_890;

    /// <summary>Accounts: user → password ("" = none). root/"" by default.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal) { ["root"] = string.Empty };

    /// <summary>
    /// LDAP accounts (authentication_ldap_simple): user → password. They log in with mysql_clear_password, which
    /// the server asks for with an auth switch; a client sends it only over TLS it trusts (or to loopback).
    /// </summary>
    public Dictionary<string, string> LdapUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The FE's TLS certificate with its private key (e.g. <c>SimulatorCertificates.Create().Server</c>): set, the FE
    /// advertises CLIENT_SSL and accepts SSLRequest; null (default), no TLS.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; set; }

    /// <summary>The address to listen on (default 127.0.0.1; see ProtocolOptions.BindAddress).</summary>
    public System.Net.IPAddress BindAddress { get; set; } = System.Net.IPAddress.Loopback;

    /// <summary>TCP port; 0 = any free port.</summary>
    public int Port { get; set; }
}
