using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using StarRocksBackup.Core.Connection;

namespace StarRocksBackup.Core.ClusterSnapshots
{
    /// <summary>Parsers for the cluster-snapshot result sets, by column name, tolerant of the version differences of facts §2.6.</summary>
    internal static class ClusterSnapshotParsers
    {
        // Epoch values above this are milliseconds (v3.4.2's CREATED_TIME), below are seconds (later releases).
        private const long MillisecondsThreshold = 100_000_000_000;

        internal static IReadOnlyList<ClusterSnapshot> ParseSnapshots(ResultTable table) =>
            table.Rows.Select(r => new ClusterSnapshot
            {
                Name = r.Text("SNAPSHOT_NAME"),
                SnapshotType = r.Text("SNAPSHOT_TYPE"),
                CreatedAt = Epoch(r.Int64("CREATED_TIME")),
                FinishedAt = Epoch(r.Int64("FINISHED_TIME")),
                FeJournalId = r.Int64("FE_JOURNAL_ID"),
                StarMgrJournalId = r.Int64("STARMGR_JOURNAL_ID"),
                Properties = r.Text("PROPERTIES"),
                StorageVolume = r.Text("STORAGE_VOLUME"),
                StoragePath = r.Text("STORAGE_PATH"),
            }).ToList();

        internal static IReadOnlyList<ClusterSnapshotJob> ParseJobs(ResultTable table) =>
            table.Rows.Select(r => new ClusterSnapshotJob
            {
                SnapshotName = r.Text("SNAPSHOT_NAME"),
                JobId = r.Int64("JOB_ID") ?? 0,
                CreatedAt = Epoch(r.Int64("CREATED_TIME")),
                FinishedAt = Epoch(r.Int64("FINISHED_TIME")),
                State = ClusterSnapshotJob.ParseState(r.Get("STATE")),
                RawState = r.Text("STATE"),
                DetailInfo = r.Text("DETAIL_INFO"),
                ErrorMessage = r.Text("ERROR_MESSAGE"),
            }).OrderBy(j => j.JobId).ToList();

        /// <summary>
        /// DESC STORAGE VOLUME: Name, Type, IsDefault, Location (several joined with ", "), Params (JSON), Enabled
        /// (absent in early 3.1), Comment — <c>StorageVolume.getProcNodeData</c>.
        /// </summary>
        internal static IReadOnlyList<StorageVolume> ParseStorageVolume(ResultTable table) =>
            table.Rows.Select(r => new StorageVolume
            {
                Name = r.Text("Name"),
                Type = r.Text("Type"),
                IsDefault = r.Bool("IsDefault") ?? false,
                Locations = r.Text("Location").Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList(),
                Properties = ParseParams(r.Text("Params")),
                Enabled = r.Bool("Enabled"),
                Comment = r.Text("Comment"),
            }).ToList();

        /// <summary>The Params JSON object as ordered key/value pairs, every credential value replaced by StarRocks' mask.</summary>
        internal static IReadOnlyDictionary<string, string> ParseParams(string json)
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(json))
            {
                return result;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new StarRocksBackupException(ErrorKind.ServerError, "DESC STORAGE VOLUME returned Params that are not a JSON object.");
                }

                foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                {
                    string value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText();
                    result[p.Name] = SnapshotVolumeProperty.IsSensitiveKey(p.Name) || Sql.SqlRedactor.IsSecretKey(p.Name)
                        ? SnapshotStorageVolume.StarRocksMask
                        : value;
                }
            }
            catch (JsonException)
            {
                // Never echo the text: an unmasked credential could be in it.
                throw new StarRocksBackupException(ErrorKind.ServerError, "DESC STORAGE VOLUME returned Params that are not valid JSON.");
            }

            return result;
        }

        private static DateTimeOffset? Epoch(long? value)
        {
            if (value is null || value <= 0)
            {
                return null;
            }

            return value >= MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(value.Value)
                : DateTimeOffset.FromUnixTimeSeconds(value.Value);
        }
    }
}
