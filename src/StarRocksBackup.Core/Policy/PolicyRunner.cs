using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Backup;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Jobs;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>
    /// Runs a backup policy: records snapshots a stopped run left unrecorded, detects changed partitions (one
    /// partitions_meta statement for the run's databases, or one per database), submits one BACKUP per database, the
    /// biggest first (databases in parallel, through <see cref="BackupService"/>), waits, records every finished backup
    /// in the catalog and returns one summary per database. One database's failure never stops the others.
    /// </summary>
    public sealed partial class PolicyRunner
    {
        /// <summary>Label template of policy backups: database, UTC time to the millisecond.</summary>
        public const string LabelTemplate = "{database}_{yyyyMMdd_HHmmss_fff}";

        private readonly StarRocksClient _client;
        private readonly BackupCatalog _catalog;
        private readonly BackupPolicy _policy;

        /// <summary>A runner of <paramref name="policy"/> over <paramref name="client"/>, recording in <paramref name="catalog"/>.</summary>
        public PolicyRunner(StarRocksClient client, BackupCatalog catalog, BackupPolicy policy)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        }

        /// <summary>
        /// Poll interval bounds for waiting. Null (the default): <see cref="WaitOptions"/>' own, except where one SHOW
        /// BACKUP lists every database's job (3.0+): a poll then costs one statement however many databases run, so a
        /// run polls at least every <see cref="SingleStatementMinPoll"/> and at most <see cref="SingleStatementPollFraction"/>
        /// of the jobs' age apart, and notices the last job's end within about 1 % of its running time.
        /// </summary>
        public WaitOptions? Wait { get; set; }

        /// <summary>
        /// With more databases than slots, every database is planned first and they take the slots largest first; a plan
        /// older than this when its database's turn comes is made again (tests shorten it).
        /// </summary>
        internal TimeSpan PlanFreshFor { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>
        /// With a slot per database, how long the sender waits for the next database in planning order (the biggest
        /// first) while another is ready to be sent (tests change it).
        /// </summary>
        internal TimeSpan WaitForPlanned { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// BACKUP statements a run with a slot per database has at the server at once (see <c>SendLargestReadyFirstAsync</c>):
        /// two, so the next one is already waiting when StarRocks is done with the one before. Internal for tests.
        /// </summary>
        internal int SendAhead { get; set; } = 2;

        /// <summary>The minimum poll interval of a run's waits where one statement polls every database (3.0+).</summary>
        public static readonly TimeSpan SingleStatementMinPoll = TimeSpan.FromMilliseconds(200);

        /// <summary>The longest poll interval as a share of the jobs' age where one statement polls every database (3.0+).</summary>
        public const double SingleStatementPollFraction = 0.01;

        /// <summary>The databases each set selects (first set wins), in name order.</summary>
        public async Task<IReadOnlyList<(string Database, BackupSet Set)>> ResolveAsync(IOperationObserver observer, CancellationToken ct) =>
            (await SelectAsync(observer, ct).ConfigureAwait(false)).Selected;

        /// <summary>The databases the sets select, and whether they are most of the cluster's (see <see cref="ChangeReader.ReadTogether"/>).</summary>
        private async Task<Selection> SelectAsync(IOperationObserver observer, CancellationToken ct)
        {
            IReadOnlyList<Database> all = await _client.Catalog.ListDatabasesAsync(observer, ct).ConfigureAwait(false);
            var result = new List<(string, BackupSet)>();
            List<Database> user = all.Where(d => !d.IsSystem).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            foreach (Database db in user)
            {
                BackupSet? set = _policy.Sets.FirstOrDefault(s => s.MatchesDatabase(db.Name));
                if (set != null)
                {
                    result.Add((db.Name, set));
                }
            }

            if (result.Count == 0)
            {
                observer.Warning($"The policy's sets match no database ({string.Join("; ", _policy.Sets.Select(s => s.Name + ": " + string.Join(", ", s.Databases)))}).");
            }

            return new Selection(result, ChangeReader.ReadTogether(result.Count, user.Count));
        }

        private sealed class Selection
        {
            public Selection(IReadOnlyList<(string Database, BackupSet Set)> selected, bool together)
            {
                Selected = selected;
                Together = together;
            }

            public IReadOnlyList<(string Database, BackupSet Set)> Selected { get; }

            public bool Together { get; }
        }

        /// <summary>
        /// Detects the changes of every selected database: one partitions_meta statement for all of them where they are
        /// most of the cluster's databases (else, or where the server has no partitions_meta, one each), then their
        /// catalogs. Throws the first failure in name order.
        /// </summary>
        public async Task<IReadOnlyList<DatabasePolicyPlan>> PlanAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            Selection selection = await SelectAsync(observer, cancellationToken).ConfigureAwait(false);
            ChangeReader.Outcome<DatabasePolicyPlan>[] planned = await PlanManyAsync(selection.Selected, selection.Together, observer, cancellationToken).ConfigureAwait(false);
            ChangeReader.Outcome<DatabasePolicyPlan>? failed = planned.FirstOrDefault(p => p.Error != null);
            if (failed != null)
            {
                throw failed.Error!;
            }

            return planned.Select(p => p.Value!).ToList();
        }

        /// <summary>
        /// Plans <paramref name="selected"/> through <see cref="ChangeReader.ReadManyAsync"/> (one partitions_meta statement
        /// for all with <paramref name="readTogether"/>, the biggest databases first). In <paramref name="selected"/>'s
        /// order; <paramref name="ordered"/> hears the order they are planned in before any is, <paramref name="planned"/>
        /// of each as soon as it is made.
        /// </summary>
        private Task<ChangeReader.Outcome<DatabasePolicyPlan>[]> PlanManyAsync(IReadOnlyList<(string Database, BackupSet Set)> selected, bool readTogether,
            IOperationObserver observer, CancellationToken ct, Action<int, ChangeReader.Outcome<DatabasePolicyPlan>>? planned = null,
            Action<IReadOnlyList<int>>? ordered = null) =>
            ChangeReader.ReadManyAsync(_client, _catalog, selected.Select(s => s.Database).ToList(), readTogether,
                (i, current, digest) => Plan(selected[i].Database, selected[i].Set, current, digest, observer), observer, ct, planned, ordered);

        /// <summary>One database's plan: its partitions and its catalog, read at once.</summary>
        private async Task<DatabasePolicyPlan> PlanOneAsync(string database, BackupSet set, IOperationObserver observer, CancellationToken ct)
        {
            ChangeReader.Outcome<DatabasePolicyPlan> planned = (await PlanManyAsync(new[] { (database, set) }, false, observer, ct).ConfigureAwait(false))[0];
            return planned.Value ?? throw planned.Error!;
        }

        private DatabasePolicyPlan Plan(string database, BackupSet set, IReadOnlyList<Partition> current, CatalogDigest digest, IOperationObserver observer)
        {
            IReadOnlyList<BackupManifest> manifests = digest.Manifests;
            bool full = set.IsFull;
            if (!full && set.FullEveryDays is int days)
            {
                BackupManifest? lastFull = manifests.Where(m => m.Kind == BackupManifest.KindFull).OrderBy(m => m.FinishedAt).LastOrDefault();
                full = lastFull is null ? manifests.Count > 0 : lastFull.FinishedAt < DateTimeOffset.UtcNow.AddDays(-days);
            }

            var options = new ChangeDetectionOptions
            {
                Full = full,
                TableFilter = set.MatchesTable,
                LateDataAge = set.LateDataDays is int late ? TimeSpan.FromDays(late) : (TimeSpan?)null,
                IncludeLateData = set.IncludeLateData,
            };
            DatabaseChanges changes = ChangeDetector.Detect(database, current, digest, options);
            observer.Verbose($"Policy: '{database}' ({set.Name}): {changes.ToBackUp.Count()} partition(s) to back up, {changes.Changes.Count(c => !c.NeedsBackup)} late-data change(s) ignored{(full ? ", full backup due" : string.Empty)}.");
            return new DatabasePolicyPlan(database, set, changes, full);
        }

        /// <summary>The BACKUP statements a run would send for <paramref name="plans"/> (labels made from <paramref name="utc"/>).</summary>
        public BackupPlan BuildBackupPlan(IEnumerable<DatabasePolicyPlan> plans, DateTime utc)
        {
            var request = new BackupRequest { Repository = _policy.Repository, LabelTemplate = LabelTemplate, LabelTimeUtc = utc };
            if (_policy.TimeoutMinutes is int minutes)
            {
                request.Timeout = TimeSpan.FromMinutes(minutes);
            }

            foreach (DatabasePolicyPlan p in plans.Where(p => !p.NothingToDo))
            {
                foreach (BackupTarget t in p.Targets())
                {
                    request.Targets.Add(t);
                }
            }

            return _client.Backups.Plan(request);
        }
    }
}
