// The shared-data half of the FE in one object: storage volumes, automated cluster snapshots, the journal
// counters, and a recognizer for the statements that reach them. The engine's dispatcher hands a statement
// here first; null means "not a shared-data statement" and the engine carries on (its parser then gives
// StarRocks' syntax error for anything malformed).
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe.SharedData;

public sealed class SharedDataFe : IAsyncDisposable
{
    public const string InformationSchema = "information_schema";

    public SharedDataFe(SharedDataOptions options, Func<long>? nextId = null, Func<string?>? catalogImage = null)
    {
        Options = options;
        Journal = new JournalIds();
        Volumes = new StorageVolumeRegistry(options);
        ClusterSnapshots = new ClusterSnapshotManager(options, Volumes, Journal, nextId, catalogImage);
        int version = ParseVersion(options.Version);
        SupportsStorageVolumes = version >= 3_01_00;
        SupportsClusterSnapshots = version >= 3_04_02;
    }

    public SharedDataOptions Options { get; }

    public JournalIds Journal { get; }

    public StorageVolumeRegistry Volumes { get; }

    public ClusterSnapshotManager ClusterSnapshots { get; }

    /// <summary>SHOW/DESC STORAGE VOLUME(S) exist since v3.1.</summary>
    public bool SupportsStorageVolumes { get; }

    /// <summary>ADMIN SET AUTOMATED CLUSTER SNAPSHOT and the information_schema tables exist since v3.4.2.</summary>
    public bool SupportsClusterSnapshots { get; }

    /// <summary>Starts the snapshot daemon (no-op in shared-nothing mode).</summary>
    public void Start() => ClusterSnapshots.Start();

    /// <summary>FE going down: the daemon stops, a running job is interrupted.</summary>
    public Task StopAsync() => ClusterSnapshots.StopAsync();

    /// <summary>The virtual table <paramref name="schema"/>.<paramref name="table"/>, when it is one of ours.</summary>
    public VirtualTable? ResolveTable(string? schema, string table, string? currentDatabase = null)
    {
        string? effectiveSchema = schema ?? currentDatabase;
        if (!SupportsClusterSnapshots || !string.Equals(effectiveSchema, InformationSchema, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // information_schema table names are case-insensitive.
        if (string.Equals(table, ClusterSnapshotTables.SnapshotsTable, StringComparison.OrdinalIgnoreCase))
        {
            return ClusterSnapshotTables.Snapshots(ClusterSnapshots);
        }

        return string.Equals(table, ClusterSnapshotTables.JobsTable, StringComparison.OrdinalIgnoreCase)
            ? ClusterSnapshotTables.Jobs(ClusterSnapshots)
            : null;
    }

    /// <summary>Executes <paramref name="sql"/> when it is a shared-data statement; otherwise null.</summary>
    public QueryResult? TryExecute(string sql, string? currentDatabase = null)
    {
        TokenCursor? c = TokenCursor.Tokenize(sql);
        if (c is null)
        {
            return null;
        }

        if (c.Current.IsWord("SELECT"))
        {
            (VirtualTableQuery? query, ErrorResult? error) = VirtualTableQuery.TryParse(c, (schema, table) => ResolveTable(schema, table, currentDatabase));
            return error ?? (QueryResult?)query?.Execute();
        }

        if (SupportsStorageVolumes && c.TryWords("SHOW", "STORAGE", "VOLUMES"))
        {
            string? pattern = null;
            if (c.TryWord("LIKE"))
            {
                if (c.Current.Kind != TokenKind.String) return null;
                pattern = c.Next().Text;
            }

            return c.AtEnd ? Volumes.ShowStorageVolumes(pattern) : null;
        }

        if (SupportsStorageVolumes && (c.TryWord("DESC") || c.TryWord("DESCRIBE")) && c.TryWords("STORAGE", "VOLUME"))
        {
            string? name = c.TryIdentifier() ?? (c.Current.Kind == TokenKind.String ? c.Next().Text : null);
            return name is not null && c.AtEnd ? Volumes.Describe(name) : null;
        }

        if (SupportsClusterSnapshots && c.TryWords("ADMIN", "SET", "AUTOMATED", "CLUSTER", "SNAPSHOT"))
        {
            if (c.TryWord("OFF"))
            {
                return c.AtEnd ? ClusterSnapshots.SetAutomatedSnapshotOff() : null;
            }

            if (!c.TryWord("ON")) return null;
            string? sv = null;
            if (c.TryWords("STORAGE", "VOLUME"))
            {
                sv = c.TryIdentifier();
                if (sv is null) return null;
            }

            return c.AtEnd ? ClusterSnapshots.SetAutomatedSnapshotOn(sv) : null;
        }

        return null;
    }

    /// <summary>
    /// True for a SELECT whose FROM names information_schema.cluster_snapshots or cluster_snapshot_jobs. When
    /// <see cref="TryExecute"/> declined such a statement, its shape is beyond the simulator's SELECT subset.
    /// </summary>
    public bool NamesClusterSnapshotTable(string sql, string? currentDatabase = null)
    {
        TokenCursor? c = TokenCursor.Tokenize(sql);
        if (c is null || !c.Current.IsWord("SELECT")) return false;
        while (!c.AtEnd)
        {
            if (!c.TryWord("FROM"))
            {
                c.Next();
                continue;
            }

            string? first = c.TryIdentifier();
            if (first is null) return false;
            string? schema = null, table = first;
            if (c.TrySymbol("."))
            {
                schema = first;
                table = c.TryIdentifier();
            }

            return table is not null && ResolveTable(schema, table, currentDatabase) is not null;
        }

        return false;
    }

    /// <summary>The error for a valid SELECT on our tables that the simulator's subset cannot evaluate (a limitation, said loudly).</summary>
    public static ErrorResult UnsupportedSelect(string sql) =>
        SharedDataMessages.AnalysisError(
            "The simulator supports only SELECT * | COUNT(*) | columns FROM information_schema.cluster_snapshots/cluster_snapshot_jobs "
            + "[WHERE col op literal | col IS [NOT] NULL | col IN (...) [AND ...]] [ORDER BY col [ASC|DESC], ...] [LIMIT n [OFFSET m]], not: " + sql);

    public ValueTask DisposeAsync() => ClusterSnapshots.DisposeAsync();

    /// <summary>"3.4.2" → 30402 (major·10000 + minor·100 + patch).</summary>
    private static int ParseVersion(string version)
    {
        int[] parts = version.Split('.', '-').Take(3).Select(p => int.TryParse(p, out int n) ? Math.Min(n, 99) : 0).ToArray();
        return (parts.ElementAtOrDefault(0) * 10_000) + (parts.ElementAtOrDefault(1) * 100) + parts.ElementAtOrDefault(2);
    }
}
