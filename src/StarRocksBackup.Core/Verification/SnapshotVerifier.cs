using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.Verification
{
    /// <summary>
    /// Verifies a snapshot timestamp in object storage without restoring it (facts §5.2: StarRocks records no sizes, so
    /// integrity = every listed file present under its tablet folder and every object's MD5 equal to the one in its
    /// name). Memory stays bounded as the snapshot grows: the folder's listing is consumed one page at a time (the next
    /// page fetched meanwhile) and never held whole; the <c>__info_</c> file is walked without building a name per file,
    /// and what it lists is held as 17 bytes per file (<see cref="ExpectedFileSet"/>), ticked off as the listing passes;
    /// keys are built only for files found missing; at most <see cref="MaxFindingsPerKind"/> findings of each kind keep
    /// their key (the rest are counted). Objects are streamed through MD5 with a fixed buffer per worker, at most N at
    /// once, so memory does not grow with object size either.
    /// </summary>
    public sealed class SnapshotVerifier
    {
        private readonly RepositoryStorage _storage;
        private readonly int _parallel;

        /// <summary>Creates a verifier reading at most <paramref name="maxParallelReads"/> objects at once.</summary>
        public SnapshotVerifier(RepositoryStorage storage, int maxParallelReads = ObjectStoreLimits.DefaultParallelRequests)
        {
            _storage = storage ?? throw new ArgumentNullException(nameof(storage));
            _parallel = Math.Max(1, maxParallelReads);
        }

        /// <summary>Findings of one kind whose key is kept (default 1000); the rest are only counted (<see cref="SnapshotVerificationResult.FindingCounts"/>).</summary>
        public int MaxFindingsPerKind { get; set; } = 1000;

        /// <summary>Verifies <paramref name="label"/>@<paramref name="timestamp"/>.</summary>
        public async Task<SnapshotVerificationResult> VerifyAsync(string label, string timestamp, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            if (Model.SnapshotTimestamp.TryParse(timestamp) is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{Sql.NameRules.Show(timestamp)} is not a snapshot timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
            }

            string bucket = _storage.Location.Bucket;
            SnapshotFolderListing top = await SnapshotFolderListing.ListTopAsync(_storage, label, cancellationToken).ConfigureAwait(false);
            string prefix = top.FolderPrefix;
            var findings = new FindingCollector(MaxFindingsPerKind);
            var result = new SnapshotVerificationResult { Repository = _storage.RepositoryName, Label = label, Timestamp = timestamp };
            if (top.Objects.Count == 0 && top.SubFolders.Count == 0)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Repository '{_storage.RepositoryName}' has no objects of snapshot '{label}' ({prefix}).");
            }

            List<InfoObject> infos = top.InfoFiles.Where(i => i.Name.StartsWith(SnapshotFolderListing.InfoPrefix + timestamp + ".", StringComparison.Ordinal)).ToList();
            if (infos.Count == 0)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{label}' in repository '{_storage.RepositoryName}' has no info file for timestamp {timestamp}.");
            }

            byte[]? infoContent = null;
            string? infoMd5 = null;
            ExpectedFileSet? expected = null;
            if (infos.Count > 1 || infos[0].Md5 is null)
            {
                foreach (InfoObject i in infos)
                {
                    findings.Add(FindingKinds.Unreadable, i.Object.Key,
                        infos.Count > 1 ? $"{infos.Count} info files for one timestamp; StarRocks expects exactly one" : "the name has no 32-hex MD5 suffix");
                }
            }
            else
            {
                infoContent = await ReadWholeAsync(infos[0].Object, cancellationToken).ConfigureAwait(false);
                string md5 = infoMd5 = Md5Hex(infoContent);
                result.ObjectsChecked++;
                result.BytesChecked += infoContent.Length;
                if (md5 != infos[0].Md5)
                {
                    findings.Add(FindingKinds.Corrupt, infos[0].Object.Key, $"MD5 is {md5}, the name says {infos[0].Md5}");
                }

                try
                {
                    expected = ExpectedFileSet.Build(infoContent);
                    result.Database = expected.Database;
                    result.FilesListed = expected.Listed;
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
                {
                    findings.Add(FindingKinds.Unreadable, infos[0].Object.Key, ex.Message);
                }

                infoContent = null; // ~42 bytes per file not held while the objects are read; read again only to name missing files
            }

            await CheckMetaAsync(top, findings, result, cancellationToken).ConfigureAwait(false);

            // One pass over the folder's listing, page by page: stray .part objects anywhere; each listed file seen is
            // ticked off and streamed through MD5 (the page's files in parallel while the next page is fetched).
            var hasher = new PageHasher(this, result, observer, findings, expected?.Distinct ?? 0);
            await _storage.Store.ListPagesAsync(bucket, prefix, async page =>
            {
                var work = new List<(string Key, string Md5)>();
                foreach (ObjectInfo o in page)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!o.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (o.Key.EndsWith(".part", StringComparison.Ordinal))
                    {
                        findings.Add(FindingKinds.Stray, o.Key, "a leftover .part object of an interrupted upload");
                    }
                    else if (expected is not null && expected.MarkSeen(o.Key, prefix.Length))
                    {
                        string? named = SnapshotFolderListing.Md5Suffix(o.Key);
                        if (named is null)
                        {
                            findings.Add(FindingKinds.Unreadable, o.Key, "the name has no 32-hex MD5 suffix");
                        }
                        else
                        {
                            work.Add((o.Key, named));
                        }
                    }
                }

                await hasher.HashAsync(work, cancellationToken).ConfigureAwait(false);
                NativeHeap.Trim(); // what the JIT freed meanwhile goes back to the system instead of staying resident
            }, cancellationToken).ConfigureAwait(false);
            hasher.Complete();

            if (expected is not null && expected.CountUnseen() > 0)
            {
                await ReportMissingAsync(expected, infos[0].Object, infoMd5!, prefix, findings, cancellationToken).ConfigureAwait(false);
            }

            (List<VerificationFinding> kept, Dictionary<string, int> counts) = findings.Complete();
            result.Findings = kept;
            result.FindingCounts = counts;
            return result;
        }

        /// <summary>Writes the verification record of <paramref name="result"/> (catalog contract).</summary>
        public async Task<string> RecordAsync(SnapshotVerificationResult result, DateTime nowUtc, CancellationToken cancellationToken)
        {
            var record = new VerificationRecord
            {
                Label = result.Label,
                BackupTimestamp = result.Timestamp,
                Database = result.Database,
                Kind = VerificationRecord.StorageKind,
                Passed = result.Passed,
                Findings = result.FindingCount,
                Detail = result.Summary,
            };
            result.RecordKey = await record.WriteAsync(_storage, nowUtc, cancellationToken).ConfigureAwait(false);
            return result.RecordKey;
        }

        /// <summary>
        /// Names the files the info file lists that the listing never showed (Missing): the info file is read again (its
        /// bytes are not held during the run) and walked once more. If it cannot be read again, or its MD5 differs from
        /// the first read (rewritten meanwhile), the missing files are still counted and the info file is reported.
        /// </summary>
        private async Task ReportMissingAsync(ExpectedFileSet expected, ObjectInfo info, string firstMd5, string prefix, FindingCollector findings, CancellationToken cancellationToken)
        {
            const string Detail = "listed in the info file but not in storage";
            string? failure;
            try
            {
                byte[] again = await ReadWholeAsync(info, cancellationToken).ConfigureAwait(false);
                string md5 = Md5Hex(again);
                if (md5 == firstMd5)
                {
                    expected.ForEachUnseen(again, rel => findings.Add(FindingKinds.Missing, prefix + rel, Detail));
                    return;
                }

                failure = $"it changed during the verification (MD5 {firstMd5}, now {md5})";
            }
            catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
            {
                failure = ex.Message;
            }

            int unseen = expected.CountUnseen();
            findings.AddUnnamed(FindingKinds.Missing, unseen);
            findings.Add(FindingKinds.Unreadable, info.Key, $"{unseen} listed file(s) are not in storage, but the info file could not be read again to name them: {failure}");
        }

        /// <summary>
        /// Reads an object into one array of the size the listing gave (no growing buffer and final copy: the info file
        /// of a 100,000-file snapshot is megabytes, and those copies would sit in the large-object heap until a full GC).
        /// </summary>
        private async Task<byte[]> ReadWholeAsync(ObjectInfo o, CancellationToken cancellationToken)
        {
            if (o.Size <= 0 || o.Size > int.MaxValue - 1)
            {
                return await _storage.Store.GetAsync(_storage.Location.Bucket, o.Key, cancellationToken).ConfigureAwait(false);
            }

            byte[] content = new byte[o.Size];
            int filled = 0;
            using (Stream s = await _storage.Store.OpenReadAsync(_storage.Location.Bucket, o.Key, cancellationToken).ConfigureAwait(false))
            {
                int n;
                while (filled < content.Length && (n = await s.ReadAsync(content, filled, content.Length - filled, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += n;
                }

                if (filled == content.Length && s.ReadByte() >= 0)
                {
                    // Rewritten since it was listed (larger now): read it again whole.
                    return await _storage.Store.GetAsync(_storage.Location.Bucket, o.Key, cancellationToken).ConfigureAwait(false);
                }
            }

            if (filled < content.Length)
            {
                Array.Resize(ref content, filled); // rewritten smaller since it was listed
            }

            return content;
        }

        // __meta: shared by the label's timestamps; StarRocks' BackupMeta (length-prefixed GSON JSON), parsed and MD5-checked.
        private async Task CheckMetaAsync(SnapshotFolderListing top, FindingCollector findings, SnapshotVerificationResult result, CancellationToken cancellationToken)
        {
            if (top.MetaFiles.Count == 0)
            {
                findings.Add(FindingKinds.Missing, top.FolderPrefix + "__meta.<md5>", "the snapshot has no meta file");
                result.MetaCheck = "missing";
            }
            else if (top.MetaFiles.Count > 1 || SnapshotFolderListing.Md5Suffix(top.MetaFiles[0].Key) is null)
            {
                foreach (ObjectInfo m in top.MetaFiles)
                {
                    findings.Add(FindingKinds.Unreadable, m.Key, top.MetaFiles.Count > 1 ? "more than one meta file" : "the name has no 32-hex MD5 suffix");
                }

                result.MetaCheck = "unreadable";
            }
            else
            {
                ObjectInfo meta = top.MetaFiles[0];
                byte[] content = await _storage.Store.GetAsync(_storage.Location.Bucket, meta.Key, cancellationToken).ConfigureAwait(false);
                result.ObjectsChecked++;
                result.BytesChecked += content.Length;
                string md5 = Md5Hex(content);
                string named = SnapshotFolderListing.Md5Suffix(meta.Key)!;
                if (md5 != named)
                {
                    findings.Add(FindingKinds.Corrupt, meta.Key, $"MD5 is {md5}, the name says {named}");
                }

                result.MetaCheck = MetaKind(content, meta.Key, findings);
            }
        }

        /// <summary>Streams each page's files through MD5, at most N at once, one 64 KiB buffer per worker for the whole run.</summary>
        private sealed class PageHasher
        {
            private readonly SnapshotVerifier _owner;
            private readonly SnapshotVerificationResult _result;
            private readonly IOperationObserver _observer;
            private readonly FindingCollector _findings;
            private readonly int _total;
            private readonly byte[][] _buffers;
            private readonly int _activity = ActivityIds.Next();
            private readonly string _title;
            private int _done;
            private long _bytes;

            public PageHasher(SnapshotVerifier owner, SnapshotVerificationResult result, IOperationObserver observer, FindingCollector findings, int total)
            {
                _owner = owner;
                _result = result;
                _observer = observer;
                _findings = findings;
                _total = total;
                _buffers = new byte[owner._parallel][];
                _title = $"Verifying {result.Repository}/{result.Label}@{result.Timestamp}";
            }

            public async Task HashAsync(List<(string Key, string Md5)> items, CancellationToken cancellationToken)
            {
                int next = -1;
                async Task Worker(byte[] buffer)
                {
                    // One hash context per worker for the whole run (not one native context per object).
                    using IncrementalHash md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < items.Count)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        (string key, string named) = items[i];
                        try
                        {
                            md5.GetHashAndReset();   // a read that failed half-way leaves data behind: start clean
                            using Stream s = await _owner._storage.Store.OpenReadAsync(_owner._storage.Location.Bucket, key, cancellationToken).ConfigureAwait(false);
                            int n;
                            while ((n = await s.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                            {
                                md5.AppendData(buffer, 0, n);
                                Interlocked.Add(ref _bytes, n);
                            }

                            string actual = Hex(md5.GetHashAndReset());
                            if (actual != named)
                            {
                                _findings.Add(FindingKinds.Corrupt, key, $"MD5 is {actual}, the name says {named}");
                            }
                        }
                        catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
                        {
                            _findings.Add(FindingKinds.Unreadable, key, ex.Message);
                        }

                        int d = Interlocked.Increment(ref _done);
                        if (d % 500 == 0 || d == _total)
                        {
                            _observer.Progress(new OperationProgress(_activity, _title, $"{d}/{_total} objects") { PercentComplete = _total == 0 ? 100 : (int)Math.Min(100, d * 100L / _total) });
                        }
                    }
                }

                var workers = new Task[Math.Min(_buffers.Length, items.Count)];
                for (int w = 0; w < workers.Length; w++)
                {
                    byte[] buffer = _buffers[w] ??= new byte[64 * 1024];
                    workers[w] = Task.Run(() => Worker(buffer), cancellationToken);
                }

                await Task.WhenAll(workers).ConfigureAwait(false);
            }

            public void Complete()
            {
                _observer.Progress(new OperationProgress(_activity, _title, "done") { Completed = true, PercentComplete = 100 });
                _result.ObjectsChecked += _done;
                _result.BytesChecked += Interlocked.Read(ref _bytes);
            }
        }

        private static string MetaKind(byte[] content, string key, FindingCollector findings)
        {
            int first = 0;
            while (first < content.Length && (content[first] == ' ' || content[first] == '\n' || content[first] == '\r' || content[first] == '\t'))
            {
                first++;
            }

            // StarRocks writes BackupMeta as Text.writeString (4-byte big-endian length + GSON JSON); anything else that
            // is not JSON either (a format this module does not know) is checked by MD5 only.
            bool framed = content.Length >= 4 && content[0] != (byte)'{' && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(content) == content.Length - 4;
            if (framed || (first < content.Length && content[first] == (byte)'{'))
            {
                try
                {
                    Parsing.SnapshotMetaContents m = Parsing.SnapshotMetaFile.Parse(content, key);
                    return $"BackupMeta parsed ({m.Tables.Count} table(s), {m.Views.Count} view(s), {m.MaterializedViews.Count} materialized view(s), " +
                           $"{m.Functions.Count} function(s), {m.ExternalCatalogs.Count} catalog(s)), MD5 checked";
                }
                catch (StarRocksBackupException ex)
                {
                    findings.Add(FindingKinds.Unreadable, key, "the meta file does not parse: " + ex.Message);
                    return "unreadable";
                }
            }

            return content.Length == 0 ? "empty, MD5 checked" : "not BackupMeta JSON (an older format): MD5 checked, not parsed";
        }

        internal static string Md5Hex(byte[] content)
        {
            using MD5 md5 = MD5.Create();
            return Hex(md5.ComputeHash(content));
        }

        private static string Hex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }
    }
}
