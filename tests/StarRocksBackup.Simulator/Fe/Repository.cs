using StarRocksBackup.Simulator.Storage;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>A repository registered in this FE (StarRocks' Repository): name, location, storage client.</summary>
public sealed class Repository
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required bool IsReadOnly { get; init; }

    /// <summary>As given (a trailing '/' trimmed, like the newest StarRocks).</summary>
    public required string Location { get; init; }

    /// <summary>Broker name; empty for brokerless.</summary>
    public required string Broker { get; init; }

    public required long CreateTimeMs { get; init; }

    public required RepositoryStorage Storage { get; init; }

    /// <summary>Last ping failure ("&lt;time&gt;: &lt;message&gt;"), null when healthy.</summary>
    public string? ErrMsg { get; set; }
}
