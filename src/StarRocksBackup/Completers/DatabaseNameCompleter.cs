using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Completers
{
    /// <summary>Completes -Database from SHOW DATABASES.</summary>
    public sealed class DatabaseNameCompleter : NameCompleter
    {
        private protected override async Task<IReadOnlyList<string>> FetchAsync(SrConnection connection, string scope, CancellationToken cancellationToken)
        {
            IReadOnlyList<Database> databases = await connection.Client.Catalog.ListDatabasesAsync(null, cancellationToken).ConfigureAwait(false);
            return databases.Select(d => d.Name).ToList();
        }
    }
}
