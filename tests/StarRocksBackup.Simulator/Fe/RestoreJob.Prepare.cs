namespace StarRocksBackup.Simulator.Fe;

/// <summary>RestoreJob's PENDING step (StarRocks' checkAndPrepareMeta).</summary>
public sealed partial class RestoreJob
{
    /// <summary>Caller holds the gate. Throws <see cref="JobFailedException"/> with StarRocks' Status texts.</summary>
    private void CheckAndPrepareMeta()
    {
        if (_meta is null) throw new JobFailedException(JobStatus.Common(Messages.ReadMetaFailed()));
        if (Extras.IsCatalog)
        {
            CheckObjects(null);
            return;
        }

        Database db = Ctx.Catalog.FindDb(DbId) ?? throw new JobFailedException(JobStatus.Common(Messages.CreateDbInRestoreFailed(DbName).Text));
        int alive = Ctx.BackendIds.Count;
        if (ReplicationNum > alive)
        {
            // The replica of the first new tablet cannot be placed.
            throw new JobFailedException(JobStatus.Common(Messages.NotEnoughBackends(Ctx.Catalog.NextId(), ReplicationNum)));
        }

        long now = Ctx.Clock.NowMs;
        var created = new List<OlapTable>();
        var locked = new List<OlapTable>();
        var plan = new List<PlanItem>();
        foreach (RestoreObject o in _objects)
        {
            SnapshotMeta.TableMeta tm = _meta.FindTable(o.Source.Name) ?? throw new JobFailedException(JobStatus.Common(Messages.ReadMetaFailed()));
            OlapTable? local = db.FindTable(o.TargetName);
            if (local is not null)
            {
                if (local.State != "NORMAL") throw new JobFailedException(JobStatus.Common(Messages.TableStateNotNormal(o.TargetName, local.State).Text));
                if (SchemaDifference(o.TargetName, local, tm) is { } diff) throw new JobFailedException(JobStatus.Common(diff));
                foreach (BackupJobInfo.PartitionInfo sp in o.Source.Partitions)
                {
                    SnapshotMeta.PartitionMeta pm = tm.Partitions.First(p => p.Name == sp.Name);
                    Partition? lp = local.FindPartition(sp.Name);
                    if (lp is not null)
                    {
                        if (lp.Lower != pm.Lower || lp.Upper != pm.Upper) throw new JobFailedException(JobStatus.Common(Messages.RangeDiffers(sp.Name, o.TargetName)));
                    }
                    else if (local.PartitionColumn is not null)
                    {
                        var type = local.FindColumn(local.PartitionColumn)!.Type;
                        if (local.Partitions.Any(p => Catalog.Overlaps(type, p.Lower, p.Upper, pm.Lower, pm.Upper)))
                        {
                            throw new JobFailedException(JobStatus.Common(Messages.RangeConflict(sp.Name, o.TargetName)));
                        }
                    }

                    plan.Add(new PlanItem { SourceTable = o.Source, SourcePartition = sp, PartitionMeta = pm, Target = local });
                }

                locked.Add(local);
            }
            else
            {
                var table = new OlapTable
                {
                    Id = Ctx.Catalog.NextId(),
                    Name = o.TargetName,
                    Columns = tm.Columns.Select(c => c.ToColumn()).ToList(),
                    KeyType = tm.KeyType,
                    KeyColumns = tm.KeyColumns.ToList(),
                    PartitionColumn = tm.PartitionColumn,
                    DistributionColumns = tm.DistributionColumns.ToList(),
                    Buckets = tm.Buckets,
                    ReplicationNum = ReplicationNum,
                    IndexId = Ctx.Catalog.NextId(),
                    SchemaHash = tm.SchemaHash,
                    CreateTimeMs = now,
                    Properties = new Dictionary<string, string>(tm.Properties) { ["replication_num"] = ReplicationNum.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    State = "RESTORE",
                };
                foreach (BackupJobInfo.PartitionInfo sp in o.Source.Partitions)
                {
                    SnapshotMeta.PartitionMeta pm = tm.Partitions.First(p => p.Name == sp.Name);
                    plan.Add(new PlanItem { SourceTable = o.Source, SourcePartition = sp, PartitionMeta = pm, Target = table });
                }

                created.Add(table);
            }
        }

        CheckObjects(db);
        foreach (OlapTable t in locked) t.State = "RESTORE";
        foreach (OlapTable t in created) db.Tables.Add(t);
        _lockedTables.AddRange(locked);
        _createdTables.AddRange(created);
        _plan.AddRange(plan);
    }

    /// <summary>Null when the existing table has the snapshot's schema; otherwise the Status text (facts §4.2).</summary>
    private static string? SchemaDifference(string name, OlapTable local, SnapshotMeta.TableMeta remote)
    {
        if (local.KeyType != remote.KeyType) return Messages.DifferentKeyType(name);
        var remoteCols = remote.Columns.Select(c => c.ToColumn()).ToList();
        for (int i = 0; i < Math.Min(local.Columns.Count, remoteCols.Count); i++)
        {
            if (local.Columns[i] != remoteCols[i])
            {
                return Messages.DifferentSchema(name, Messages.ColumnDiffers(local.Columns[i].Describe(), remoteCols[i].Describe()));
            }
        }

        if (local.Columns.Count != remoteCols.Count)
        {
            return Messages.DifferentSchema(name, $"column count is different, existed table: {local.Columns.Count}, backup snapshot: {remoteCols.Count}");
        }

        if (local.PartitionColumn != remote.PartitionColumn || !local.DistributionColumns.SequenceEqual(remote.DistributionColumns) || local.Buckets != remote.Buckets)
        {
            return Messages.DifferentSchema(name, "partition or distribution info is different");
        }

        return null;
    }
}
