using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Completers
{
    /// <summary>Completes -Snapshot (or -Name) from SHOW SNAPSHOT ON the -Repository already typed.</summary>
    public sealed class SnapshotNameCompleter : NameCompleter
    {
        private protected override bool NeedsScope => true;

        private protected override string? Scope(IDictionary fakeBoundParameters) => BoundString(fakeBoundParameters, "Repository");

        private protected override async Task<IReadOnlyList<string>> FetchAsync(SrConnection connection, string scope, CancellationToken cancellationToken)
        {
            IReadOnlyList<Snapshot> snapshots = await connection.Client.Snapshots.ListAsync(scope, null, null, cancellationToken).ConfigureAwait(false);
            return snapshots.Select(s => s.Name).Distinct().ToList();
        }
    }
}
