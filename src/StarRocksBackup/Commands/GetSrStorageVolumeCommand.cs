using System.Collections.Generic;
using System.Management.Automation;
using StarRocksBackup.Core.ClusterSnapshots;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Lists storage volumes with their type, location and properties (SHOW STORAGE VOLUMES + DESC STORAGE VOLUME); credentials are masked.</summary>
    [Cmdlet(VerbsCommon.Get, "SrStorageVolume")]
    [OutputType(typeof(StorageVolumeInfo))]
    public sealed class GetSrStorageVolumeCommand : StarRocksCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("StorageVolume")]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var service = ActiveConnection.Client.ClusterSnapshots;

            // SHOW STORAGE VOLUMES first, so wildcards and missing names are resolved here and DESC runs only for matches.
            if (!TryRun((sink, ct) => service.ListStorageVolumeNamesAsync(sink, ct), Name, out IReadOnlyList<string> names))
            {
                return;
            }

            var wanted = new List<string>(NameFilter.Apply(names, n => n, Name,
                n => WriteError(Errors.InvalidArgument($"Storage volume '{n}' does not exist.", n))));
            if (wanted.Count == 0)
            {
                return;
            }

            if (!TryRun((sink, ct) => service.ListStorageVolumesAsync(wanted, sink, ct), Name, out IReadOnlyList<StorageVolume> volumes))
            {
                return;
            }

            foreach (StorageVolume volume in volumes)
            {
                WriteObject(StorageVolumeInfo.From(volume));
            }
        }
    }
}
