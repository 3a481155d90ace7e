using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Completers;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Model;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists repositories (SHOW REPOSITORIES).</summary>
    [Cmdlet(VerbsCommon.Get, "SrRepository")]
    [OutputType(typeof(RepositoryInfo))]
    public sealed class GetSrRepositoryCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Repository")]
        [ArgumentCompleter(typeof(RepositoryNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryRun((sink, ct) => ActiveConnection.Client.Repositories.ListAsync(sink, ct), Name, out IReadOnlyList<Repository> repositories))
            {
                return;
            }

            foreach (Repository repository in NameFilter.Apply(repositories, r => r.Name, Name,
                n => WriteError(Errors.NotFound(ErrorKind.RepositoryNotFound, $"Repository '{n}' does not exist.", n))))
            {
                WriteObject(RepositoryInfo.From(repository, ActiveConnection.ServerInfo));
            }
        }
    }
}
