using System;
using System.Collections.Concurrent;
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
    /// name). Objects are streamed through MD5 with a fixed buffer per worker, at most N at once, so memory does not
    /// grow with object size.
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

        /// <summary>Verifies <paramref name="label"/>@<paramref name="timestamp"/>.</summary>
        public async Task<SnapshotVerificationResult> VerifyAsync(string label, string timestamp, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullObserver.Instance;
            if (Model.SnapshotTimestamp.TryParse(timestamp) is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"{Sql.NameRules.Show(timestamp)} is not a snapshot timestamp (yyyy-MM-dd-HH-mm-ss-SSS).");
            }

            string bucket = _storage.Location.Bucket;
            SnapshotFolderListing folder = await SnapshotFolderListing.ListAsync(_storage, label, cancellationToken).ConfigureAwait(false);
            var findings = new ConcurrentBag<VerificationFinding>();
            var result = new SnapshotVerificationResult { Repository = _storage.RepositoryName, Label = label, Timestamp = timestamp };
            if (folder.Objects.Count == 0)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Repository '{_storage.RepositoryName}' has no objects of snapshot '{label}' ({folder.FolderPrefix}).");
            }

            foreach (ObjectInfo part in folder.PartFiles)
            {
                findings.Add(new VerificationFinding(FindingKinds.Stray, part.Key, "a leftover .part object of an interrupted upload"));
            }

            var toHash = new List<(string Key, string Md5)>();
            List<InfoObject> infos = folder.InfoFiles.Where(i => i.Name.StartsWith(SnapshotFolderListing.InfoPrefix + timestamp + ".", StringComparison.Ordinal)).ToList();
            SnapshotInfoFile? info = null;
            if (infos.Count == 0)
            {
                throw new StarRocksBackupException(ErrorKind.SnapshotNotFound, $"Snapshot '{label}' in repository '{_storage.RepositoryName}' has no info file for timestamp {timestamp}.");
            }

            if (infos.Count > 1 || infos[0].Md5 is null)
            {
                foreach (InfoObject i in infos)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Unreadable, i.Object.Key,
                        infos.Count > 1 ? $"{infos.Count} info files for one timestamp; StarRocks expects exactly one" : "the name has no 32-hex MD5 suffix"));
                }
            }
            else
            {
                byte[] content = await _storage.Store.GetAsync(bucket, infos[0].Object.Key, cancellationToken).ConfigureAwait(false);
                string md5 = Md5Hex(content);
                result.ObjectsChecked++;
                result.BytesChecked += content.Length;
                if (md5 != infos[0].Md5)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Corrupt, infos[0].Object.Key, $"MD5 is {md5}, the name says {infos[0].Md5}"));
                }

                try
                {
                    info = SnapshotInfoFile.Parse(content);
                    result.Database = info.Database;
                }
                catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.InvalidConfiguration)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Unreadable, infos[0].Object.Key, ex.Message));
                }
            }

            // __meta: shared by the label's timestamps. The simulator writes JSON; real StarRocks a Java binary
            // serialisation, of which only the presence and the MD5 can be checked.
            if (folder.MetaFiles.Count == 0)
            {
                findings.Add(new VerificationFinding(FindingKinds.Missing, folder.FolderPrefix + "__meta.<md5>", "the snapshot has no meta file"));
                result.MetaCheck = "missing";
            }
            else if (folder.MetaFiles.Count > 1 || SnapshotFolderListing.Md5Suffix(folder.MetaFiles[0].Key) is null)
            {
                foreach (ObjectInfo m in folder.MetaFiles)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Unreadable, m.Key, folder.MetaFiles.Count > 1 ? "more than one meta file" : "the name has no 32-hex MD5 suffix"));
                }

                result.MetaCheck = "unreadable";
            }
            else
            {
                ObjectInfo meta = folder.MetaFiles[0];
                byte[] content = await _storage.Store.GetAsync(bucket, meta.Key, cancellationToken).ConfigureAwait(false);
                result.ObjectsChecked++;
                result.BytesChecked += content.Length;
                string md5 = Md5Hex(content);
                string named = SnapshotFolderListing.Md5Suffix(meta.Key)!;
                if (md5 != named)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Corrupt, meta.Key, $"MD5 is {md5}, the name says {named}"));
                }

                result.MetaCheck = MetaKind(content, meta.Key, findings);
            }

            if (info is not null)
            {
                var present = new HashSet<string>(folder.DataFiles.Select(o => o.Key), StringComparer.Ordinal);
                foreach (string rel in info.DataFiles())
                {
                    result.FilesListed++;
                    string key = folder.FolderPrefix + rel;
                    string? named = SnapshotFolderListing.Md5Suffix(key);
                    if (!present.Contains(key))
                    {
                        findings.Add(new VerificationFinding(FindingKinds.Missing, key, "listed in the info file but not in storage"));
                    }
                    else if (named is null)
                    {
                        findings.Add(new VerificationFinding(FindingKinds.Unreadable, key, "the name has no 32-hex MD5 suffix"));
                    }
                    else
                    {
                        toHash.Add((key, named));
                    }
                }
            }

            await HashAllAsync(toHash, findings, result, observer, cancellationToken).ConfigureAwait(false);
            result.Findings = findings.OrderBy(f => f.Kind, StringComparer.Ordinal).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
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
                Findings = result.Findings.Count,
                Detail = result.Summary,
            };
            result.RecordKey = await record.WriteAsync(_storage, nowUtc, cancellationToken).ConfigureAwait(false);
            return result.RecordKey;
        }

        private async Task HashAllAsync(List<(string Key, string Md5)> items, ConcurrentBag<VerificationFinding> findings, SnapshotVerificationResult result, IOperationObserver observer, CancellationToken cancellationToken)
        {
            int next = -1;
            int done = 0;
            long bytes = 0;
            int activity = ActivityIds.Next();
            string title = $"Verifying {result.Repository}/{result.Label}@{result.Timestamp}";
            async Task Worker()
            {
                byte[] buffer = new byte[64 * 1024];
                int i;
                while ((i = Interlocked.Increment(ref next)) < items.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (string key, string named) = items[i];
                    try
                    {
                        using MD5 md5 = MD5.Create();
                        using Stream s = await _storage.Store.OpenReadAsync(_storage.Location.Bucket, key, cancellationToken).ConfigureAwait(false);
                        int n;
                        while ((n = await s.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            md5.TransformBlock(buffer, 0, n, null, 0);
                            Interlocked.Add(ref bytes, n);
                        }

                        md5.TransformFinalBlock(buffer, 0, 0);
                        string actual = Hex(md5.Hash!);
                        if (actual != named)
                        {
                            findings.Add(new VerificationFinding(FindingKinds.Corrupt, key, $"MD5 is {actual}, the name says {named}"));
                        }
                    }
                    catch (StarRocksBackupException ex) when (ex.Kind == ErrorKind.ObjectStorageError)
                    {
                        findings.Add(new VerificationFinding(FindingKinds.Unreadable, key, ex.Message));
                    }

                    int d = Interlocked.Increment(ref done);
                    if (d % 500 == 0 || d == items.Count)
                    {
                        observer.Progress(new OperationProgress(activity, title, $"{d}/{items.Count} objects") { PercentComplete = (int)(d * 100L / items.Count) });
                    }
                }
            }

            var workers = new Task[Math.Max(1, Math.Min(_parallel, items.Count))];
            for (int w = 0; w < workers.Length; w++)
            {
                workers[w] = Task.Run(Worker, cancellationToken);
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
            observer.Progress(new OperationProgress(activity, title, "done") { Completed = true, PercentComplete = 100 });
            result.ObjectsChecked += done;
            result.BytesChecked += Interlocked.Read(ref bytes);
        }

        private static string MetaKind(byte[] content, string key, ConcurrentBag<VerificationFinding> findings)
        {
            int first = 0;
            while (first < content.Length && (content[first] == ' ' || content[first] == '\n' || content[first] == '\r' || content[first] == '\t'))
            {
                first++;
            }

            if (first < content.Length && content[first] == (byte)'{')
            {
                try
                {
                    using JsonDocument _ = JsonDocument.Parse(content);
                    return "JSON parsed, MD5 checked";
                }
                catch (JsonException ex)
                {
                    findings.Add(new VerificationFinding(FindingKinds.Unreadable, key, "the meta file looks like JSON but does not parse: " + ex.Message));
                    return "unreadable JSON";
                }
            }

            return content.Length == 0 ? "empty, MD5 checked" : "binary (StarRocks' Java serialisation): MD5 checked, not parsed";
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
