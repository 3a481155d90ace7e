// The FE context's shared-data half (storage volumes, cluster snapshots), created with the context.
using System.Text.Json;
using StarRocksBackup.Simulator.Fe.SharedData;

namespace StarRocksBackup.Simulator.Fe;

public sealed partial class FeContext
{
    private SharedDataFe? _sharedDataFe;

    /// <summary>Storage volumes, automated cluster snapshots and their journal ids (answers in both run modes).</summary>
    public SharedDataFe SharedDataFe
    {
        get
        {
            if (_sharedDataFe is null)
            {
                Interlocked.CompareExchange(ref _sharedDataFe, new SharedDataFe(Options.ToSharedDataOptions(), Catalog.NextId, CatalogImageJson), null);
            }

            return _sharedDataFe;
        }
    }

    // What the simulator's FE image holds: the catalog's shape (databases, tables, partitions with versions
    // and row counts), enough for a person to see which state a cluster snapshot captured.
    private string CatalogImageJson()
    {
        lock (Catalog.Gate)
        {
            var dbs = Catalog.Databases.Select(d => new
            {
                id = d.Id,
                name = d.Name,
                tables = d.Tables.Select(t => new
                {
                    id = t.Id,
                    name = t.Name,
                    partitions = t.Partitions.Select(p => new { id = p.Id, name = p.Name, visibleVersion = p.VisibleVersion, rowCount = p.RowCount }),
                }),
            }).ToList();
            return JsonSerializer.Serialize(new { databases = dbs });
        }
    }
}
