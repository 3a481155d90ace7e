using System.Linq;
using StarRocksBackup.Core;

namespace StarRocksBackup
{
    /// <summary>
    /// A connection to a StarRocks FE, as Connect-SrServer returns it and -Connection takes it. It holds no
    /// open socket (every operation takes a pooled one) and exposes no secret.
    /// </summary>
    public sealed class SrConnection
    {
        // Core types stay in private fields and internal members: PowerShell reflects only public members,
        // so inspecting this type never loads Core ahead of the module initializer.
        private readonly StarRocksClient _client;

        // Storage access registered per repository (New-SrRepository, Set-SrRepositoryStorage), so cmdlets that reach the
        // repository's objects (the backup catalog) need no storage parameters afterwards. Never shown.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Core.Storage.ObjectStoreOptions> _storage =
            new System.Collections.Concurrent.ConcurrentDictionary<string, Core.Storage.ObjectStoreOptions>(System.StringComparer.Ordinal);

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _catalogWarned =
            new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(System.StringComparer.Ordinal);

        private SrConnection(StarRocksClient client)
        {
            _client = client;
            Server = client.Options.Host;
            Port = client.Options.Port;
            UserName = client.Options.User;
            UseSsl = client.Options.UseSsl;
            SslMode = client.Options.SslMode.ToString();
            ServerVersion = client.Server.Version.ToString();
            ServerVersionText = client.Server.VersionText;
            RunMode = client.Server.RunMode == Core.RunMode.SharedData ? SrRunMode.SharedData : SrRunMode.SharedNothing;
        }

        /// <summary>FE host name or address.</summary>
        public string Server { get; }

        /// <summary>FE query port.</summary>
        public int Port { get; }

        /// <summary>The user.</summary>
        public string UserName { get; }

        /// <summary>The StarRocks release (major.minor.patch) found by the connect probe.</summary>
        public string ServerVersion { get; }

        /// <summary>What the server reported as its version (release and build hash).</summary>
        public string ServerVersionText { get; }

        /// <summary>Shared-nothing or shared-data.</summary>
        public SrRunMode RunMode { get; }

        /// <summary>True when the connection uses TLS.</summary>
        public bool UseSsl { get; }

        /// <summary>None, Required (TLS, certificate not checked), VerifyCA or VerifyFull.</summary>
        public string SslMode { get; }

        internal StarRocksClient Client => _client;

        internal ServerInfo ServerInfo => _client.Server;

        /// <summary>True after Disconnect-SrServer: the object can no longer be used.</summary>
        internal bool IsClosed => _client.IsClosed;

        /// <summary>user@server:port.</summary>
        public override string ToString() => $"{UserName}@{Server}:{Port}";

        internal static SrConnection From(StarRocksClient client) => new SrConnection(client);

        /// <summary>Registers how to reach repository <paramref name="repository"/>'s objects for this session.</summary>
        internal void RegisterStorage(string repository, Core.Storage.ObjectStoreOptions options) => _storage[repository] = options;

        /// <summary>The storage access registered for <paramref name="repository"/>, or null.</summary>
        internal Core.Storage.ObjectStoreOptions? RegisteredStorage(string repository) =>
            _storage.TryGetValue(repository, out Core.Storage.ObjectStoreOptions? o) ? o : null;

        /// <summary>The repositories whose storage access is registered in this session.</summary>
        internal System.Collections.Generic.IReadOnlyList<string> RegisteredRepositories => _storage.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList();

        /// <summary>True the first time it is asked for <paramref name="repository"/> (the "catalog not updated" warning is given once).</summary>
        internal bool FirstCatalogWarning(string repository) => _catalogWarned.TryAdd(repository, true);
    }
}
