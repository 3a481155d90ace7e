using System;
using System.Collections.Generic;
using System.Linq;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Restore
{
    /// <summary>Checks the views, MVs and functions of a restore request against the snapshot.</summary>
    public sealed partial class RestoreService
    {
        /// <summary>
        /// Each named view / MV / function must be in the snapshot (when its details could be read); before 3.4 objects are
        /// refused by the dialect with the reason.
        /// </summary>
        private void CheckObjects(RestoreRequest request, SnapshotDetail? detail)
        {
            if (request.Objects.Count == 0)
            {
                return;
            }

            _client.Dialect.CheckObjectsSupported(request.Objects.Select(o => new Sql.SqlObjectRef(o.Kind, o.Name, o.Alias)).ToList(), "RESTORE");
            if (detail == null)
            {
                return;
            }

            foreach (RestoreObjectRequest o in request.Objects)
            {
                IReadOnlyList<string> names = o.Kind switch
                {
                    DatabaseObjectKind.View => detail.Views,
                    DatabaseObjectKind.MaterializedView => detail.MaterializedViews,
                    _ => detail.Functions.Select(f => f.IndexOf('(') > 0 ? f.Substring(0, f.IndexOf('(')) : f).ToList(),
                };
                if (!names.Contains(o.Name, StringComparer.Ordinal))
                {
                    string has = names.Count == 0 ? "none" : string.Join(", ", names.Distinct(StringComparer.Ordinal));
                    throw new StarRocksBackupException(ErrorKind.TableNotFound,
                        $"{o.Kind} '{o.Name}' is not in snapshot '{request.Snapshot}' (its {o.Kind} objects: {has}).");
                }
            }
        }
    }
}
