using System.Globalization;
using System.Text;
using StarRocksBackup.Simulator.Protocol;

namespace StarRocksBackup.Simulator;

/// <summary>
/// Sample databases for the demo and for trying the module by hand (<c>--sample-data</c>): what a DBA's
/// own SQL would create, sent through the engine exactly as a client's statements are.
/// </summary>
public static class SampleData
{
    /// <summary>The databases <see cref="Seed"/> creates.</summary>
    public static IReadOnlyList<string> Databases { get; } = new[] { "sales", "crm", "web" };

    /// <summary>Rows per database: <c>events</c> (three monthly partitions) and <c>customers</c>.</summary>
    public const int EventRows = 60;

    /// <summary>Rows of each <c>customers</c> table.</summary>
    public const int CustomerRows = 3;

    /// <summary>Creates the sample databases; throws when the engine rejects a statement.</summary>
    public static void Seed(StarRocksSimulator sim)
    {
        ArgumentNullException.ThrowIfNull(sim);
        var session = new ClientSession(0, "root", "sample-data");
        foreach (string db in Databases)
        {
            Run(sim, session, $"CREATE DATABASE {db}");
            Run(sim, session, $"CREATE TABLE {db}.events (id BIGINT, day DATE, note VARCHAR(64)) DUPLICATE KEY(id) " +
                "PARTITION BY RANGE(day) (PARTITION p202609 VALUES LESS THAN (\"2026-10-01\"), " +
                "PARTITION p202610 VALUES LESS THAN (\"2026-11-01\"), PARTITION p202611 VALUES LESS THAN (\"2026-12-01\")) " +
                "DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")");
            Run(sim, session, $"CREATE TABLE {db}.customers (id BIGINT, name VARCHAR(64)) DUPLICATE KEY(id) " +
                "DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
            for (int month = 9; month <= 11; month++)
            {
                var values = new StringBuilder();
                for (int n = 1; n <= EventRows / 3; n++)
                {
                    if (n > 1) values.Append(", ");
                    values.Append(CultureInfo.InvariantCulture,
                        $"({(month * 100) + n}, '2026-{month:00}-{(n % 28) + 1:00}', '{db} event {n}')");
                }

                Run(sim, session, $"INSERT INTO {db}.events VALUES {values}");
            }

            Run(sim, session, $"INSERT INTO {db}.customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
        }
    }

    private static void Run(StarRocksSimulator sim, ClientSession session, string sql)
    {
        if (sim.Engine.Execute(session, sql, CancellationToken.None) is ErrorResult error)
        {
            throw new InvalidOperationException($"sample data: '{sql}' failed: {error.Code} {error.Message}");
        }
    }
}
