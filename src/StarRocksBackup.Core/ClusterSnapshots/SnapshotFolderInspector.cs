using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StarRocksBackup.Core.Storage;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>
    /// Decides from a folder listing whether a cluster snapshot folder holds what StarRocks needs to restore — the
    /// contract in docs/ARCHITECTURE.md ("Cluster snapshot folders in storage"), which the simulator also follows.
    ///
    /// A snapshot folder is a copy of the leader FE's local <c>meta/image</c> directory
    /// (<c>ClusterSnapshotUtils.uploadAutomatedSnapshotToRemote</c> → <c>HdfsUtil.copyFromLocal(imageDir, snapshotPath)</c>),
    /// and restore copies it back and loads it like a normal FE start (<c>RestoreClusterSnapshotMgr.downloadSnapshot</c>,
    /// <c>ImageLoader</c>, <c>Storage</c>, <c>StarMgrServer.IMAGE_SUBDIR = "/starmgr"</c>). StarRocks writes no "finished"
    /// marker; the job's FINISHED state lives only in the FE journal. So "complete" means:
    /// <list type="number">
    /// <item><c>VERSION</c> (cluster id, token, run mode) is present and not empty;</item>
    /// <item>the FE image ImageLoader would pick — <c>v2/image.N</c>, unless a v1 <c>image.N</c> has a strictly higher N — is present and not empty;</item>
    /// <item>for a v2 image, <c>v2/checksum.N</c> for the same N is present and holds what <c>Long.parseLong</c> accepts
    /// (the CRC32 ImageLoader checks; read by the finder, not here);</item>
    /// <item><c>starmgr/image.M</c> (the StarManager image: shards, file stores) is present and not empty;</item>
    /// <item>optionally (VerifyChecksum) the CRC32 of <c>v2/image.N</c> equals that number.</item>
    /// </list>
    /// <c>ROLE</c> is node-specific and rewritten at start, <c>image.ckpt</c> is a checkpoint in progress (never part of a
    /// real upload, which runs after the checkpoint): neither counts. An interrupted upload leaves a subset of the files.
    /// </summary>
    internal static class SnapshotFolderInspector
    {
        internal const string NamePrefix = "automated_cluster_snapshot_";

        // Plausible epoch-millisecond range for a snapshot name: 2000-01-01 .. 2200-01-01.
        private const long MinEpochMs = 946_684_800_000;
        private const long MaxEpochMs = 7_258_118_400_000;

        /// <summary>Checks the folder name; null when it is an automated snapshot name, else why not.</summary>
        internal static string? CheckName(string name, out DateTimeOffset? createdAt)
        {
            createdAt = null;
            if (!name.StartsWith(NamePrefix, StringComparison.Ordinal))
            {
                return $"the name is not {NamePrefix}<epoch ms>, so it is not an automated cluster snapshot";
            }

            string digits = name.Substring(NamePrefix.Length);
            if (digits.Length == 0 || !digits.All(c => c >= '0' && c <= '9')
                || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
            {
                return $"'{digits}' after {NamePrefix} is not an epoch-milliseconds number";
            }

            if (ms < MinEpochMs || ms > MaxEpochMs)
            {
                return $"{ms} is not a plausible snapshot time in epoch milliseconds";
            }

            createdAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return null;
        }

        /// <summary>
        /// Fills the candidate's image facts and problems from the folder's objects. Returns the key of the v2 checksum
        /// file to read (null when there is none to read), and the image key for optional verification.
        /// </summary>
        internal static (string? ChecksumKey, string? ImageKey, long ImageSize) Inspect(ClusterSnapshotCandidate candidate, IReadOnlyList<ObjectInfo> objects)
        {
            string prefix = candidate.Folder.Prefix;
            var files = new Dictionary<string, ObjectInfo>(StringComparer.Ordinal);
            foreach (ObjectInfo o in objects)
            {
                // Zero-byte keys ending in '/' are directory markers (Hadoop S3A writes them); not files.
                if (o.Key.EndsWith("/", StringComparison.Ordinal) || !o.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                files[o.Key.Substring(prefix.Length)] = o;
            }

            candidate.ObjectCount = files.Count;
            candidate.TotalBytes = files.Values.Sum(f => f.Size);
            var problems = new List<string>();
            if (files.Count == 0)
            {
                problems.Add("the folder is empty");
                candidate.Problems = problems;
                return (null, null, 0);
            }

            RequireNonEmpty(files, "VERSION", "VERSION (cluster id and token) is missing", problems);

            long? v1 = HighestImage(files, string.Empty);
            long? v2 = HighestImage(files, "v2/");
            string? checksumKey = null;
            string? imageKey = null;
            long imageSize = 0;
            if (v1 is null && v2 is null)
            {
                problems.Add(files.ContainsKey("v2/image.ckpt") || files.ContainsKey("image.ckpt")
                    ? "only image.ckpt is present: the FE image was still being written"
                    : "no FE image (image.N or v2/image.N) is present");
            }
            else if (v1 is not null && (v2 is null || v1 > v2))
            {
                // ImageLoader prefers v1 only when its journal id is strictly higher (older releases).
                candidate.FeImageFormat = FeImageFormat.V1;
                candidate.FeImageJournalId = v1;
                RequireNonEmpty(files, $"image.{v1}", $"the FE image image.{v1} is empty", problems);
            }
            else
            {
                candidate.FeImageFormat = FeImageFormat.V2;
                candidate.FeImageJournalId = v2;
                imageKey = prefix + $"v2/image.{v2}";
                imageSize = files[$"v2/image.{v2}"].Size;
                RequireNonEmpty(files, $"v2/image.{v2}", $"the FE image v2/image.{v2} is empty", problems);
                if (!files.TryGetValue($"v2/checksum.{v2}", out ObjectInfo? checksum) || checksum.Size == 0)
                {
                    problems.Add($"v2/checksum.{v2} is missing or empty: the FE image cannot be verified and StarRocks refuses to load it");
                }
                else
                {
                    checksumKey = checksum.Key;
                }
            }

            long? starMgr = HighestImage(files, "starmgr/");
            candidate.StarMgrImageJournalId = starMgr;
            if (starMgr is null)
            {
                problems.Add("no StarManager image (starmgr/image.N) is present: shard and storage metadata would be lost");
            }
            else
            {
                RequireNonEmpty(files, $"starmgr/image.{starMgr}", $"the StarManager image starmgr/image.{starMgr} is empty", problems);
            }

            candidate.Problems = problems;
            return (checksumKey, imageKey, imageSize);
        }

        private static long? HighestImage(Dictionary<string, ObjectInfo> files, string directory)
        {
            long? best = null;
            foreach (string relative in files.Keys)
            {
                if (!relative.StartsWith(directory + "image.", StringComparison.Ordinal))
                {
                    continue;
                }

                string suffix = relative.Substring(directory.Length + "image.".Length);
                if (suffix.Length > 0 && suffix.All(c => c >= '0' && c <= '9')
                    && long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
                    && (best is null || id > best))
                {
                    best = id;
                }
            }

            return best;
        }

        private static void RequireNonEmpty(Dictionary<string, ObjectInfo> files, string relative, string problemWhenEmpty, List<string> problems)
        {
            if (!files.TryGetValue(relative, out ObjectInfo? file))
            {
                problems.Add(relative == "VERSION" ? problemWhenEmpty : $"{relative} is missing");
            }
            else if (file.Size == 0)
            {
                problems.Add(relative == "VERSION" ? "VERSION is empty" : problemWhenEmpty);
            }
        }
    }
}
