// The FE's StorageVolumeMgr: SHOW STORAGE VOLUMES and DESC STORAGE VOLUME. A shared-nothing FE has an
// empty SharedNothingStorageVolumeMgr, so there SHOW answers an empty set and DESC "Unknown storage volume"
// (qe/ShowExecutor.handleShowStorageVolumes, sql/analyzer/StorageVolumeAnalyzer) — no special error.
using System.Text;
using System.Text.RegularExpressions;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator.Fe.SharedData;

public sealed class StorageVolumeRegistry
{
    /// <summary>StorageVolumeMgr.BUILTIN_STORAGE_VOLUME.</summary>
    public const string BuiltinName = "builtin_storage_volume";

    /// <summary>ShowStorageVolumesStmt / ShowResultMetaFactory: one VARCHAR column.</summary>
    public static readonly IReadOnlyList<ColumnDef> ShowColumns = new[] { new ColumnDef("Storage Volume") };

    /// <summary>DescStorageVolumeStmt / StorageVolumeProcNode titles (3.2+; the first 3.1 form had no Enabled).</summary>
    public static readonly IReadOnlyList<ColumnDef> DescColumns = new[]
    {
        new ColumnDef("Name"), new ColumnDef("Type"), new ColumnDef("IsDefault"), new ColumnDef("Location"),
        new ColumnDef("Params"), new ColumnDef("Enabled"), new ColumnDef("Comment"),
    };

    private readonly List<StorageVolume> _volumes = new();

    public StorageVolumeRegistry(SharedDataOptions options)
    {
        if (!options.IsSharedData)
        {
            return;
        }

        if (options.BuiltinStorageVolume is { } builtin)
        {
            _volumes.Add(new StorageVolume(new StorageVolumeDefinition(BuiltinName, builtin.Location)
            {
                Type = builtin.Type,
                Properties = builtin.Properties,
                Enabled = builtin.Enabled,
                Comment = builtin.Comment,
            }));
        }

        foreach (StorageVolumeDefinition def in options.StorageVolumes)
        {
            if (_volumes.Any(v => v.Name == def.Name))
            {
                throw new ArgumentException($"Storage volume '{def.Name}' is configured twice", nameof(options));
            }

            _volumes.Add(new StorageVolume(def));
        }

        DefaultName = options.DefaultStorageVolume ?? (_volumes.Any(v => v.Name == BuiltinName) ? BuiltinName : null);
        if (DefaultName is not null && Find(DefaultName) is null)
        {
            throw new ArgumentException($"Default storage volume '{DefaultName}' is not configured", nameof(options));
        }
    }

    public IReadOnlyList<StorageVolume> Volumes => _volumes;

    /// <summary>The default volume's name (null in shared-nothing mode or when none is configured).</summary>
    public string? DefaultName { get; }

    /// <summary>Storage volume names are case-sensitive in StarRocks.</summary>
    public StorageVolume? Find(string name) => _volumes.FirstOrDefault(v => v.Name == name);

    /// <summary>SHOW STORAGE VOLUMES [LIKE 'pattern'].</summary>
    public ResultSetResult ShowStorageVolumes(string? likePattern)
    {
        Regex? matcher = string.IsNullOrEmpty(likePattern) ? null : MysqlPattern(likePattern);
        List<object?[]> rows = _volumes
            .Where(v => matcher is null || matcher.IsMatch(v.Name))
            .Select(v => new object?[] { v.Name })
            .ToList();
        return new ResultSetResult(ShowColumns, rows);
    }

    /// <summary>DESC STORAGE VOLUME &lt;name&gt;: one row, credentials masked; unknown name → the analyzer's error.</summary>
    public QueryResult Describe(string name)
    {
        StorageVolume? sv = Find(name);
        if (sv is null)
        {
            return SharedDataMessages.AnalysisError(SharedDataMessages.UnknownStorageVolume(name));
        }

        object?[] row =
        {
            sv.Name,
            sv.Type,
            (sv.Name == DefaultName) ? "true" : "false",
            sv.Location,
            sv.MaskedParamsJson(),
            sv.Enabled ? "true" : "false",
            sv.Comment,
        };
        return new ResultSetResult(DescColumns, new[] { row });
    }

    /// <summary>
    /// common/PatternMatcher.createMysqlPattern: % = any run, _ = one character, backslash escapes.
    /// Storage-volume matching is case-sensitive (assumption: CaseSensibility.STORAGEVOLUME is true like TABLE).
    /// </summary>
    internal static Regex MysqlPattern(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                sb.Append(".*");
            }
            else if (c == '_')
            {
                sb.Append('.');
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
