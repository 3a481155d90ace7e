using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Completers
{
    /// <summary>Completes -Repository from SHOW REPOSITORIES.</summary>
    public sealed class RepositoryNameCompleter : NameCompleter
    {
        private protected override async Task<IReadOnlyList<string>> FetchAsync(SrConnection connection, string scope, CancellationToken cancellationToken)
        {
            IReadOnlyList<Repository> repositories = await connection.Client.Repositories.ListAsync(null, cancellationToken).ConfigureAwait(false);
            return repositories.Select(r => r.Name).ToList();
        }
    }
}
