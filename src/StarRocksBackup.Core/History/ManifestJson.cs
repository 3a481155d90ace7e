using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StarRocksBackup.Core.History
{
    /// <summary>
    /// The manifest's JSON form (schema 1): camelCase, times as ISO-8601 UTC (<c>2026-12-05T07:41:00.000Z</c>), unknown
    /// fields ignored on read. Shared by every reader of the catalog (point-in-time restore, retention).
    /// </summary>
    public static class ManifestJson
    {
        private static readonly JsonSerializerOptions s_options = CreateOptions();

        /// <summary>The UTF-8 JSON of <paramref name="manifest"/>.</summary>
        public static byte[] Serialize(BackupManifest manifest)
        {
            if (manifest is null)
            {
                throw new ArgumentNullException(nameof(manifest));
            }

            return JsonSerializer.SerializeToUtf8Bytes(manifest, s_options);
        }

        /// <summary>The JSON of a pending plan (a manifest draft whose timestamp and finish time are not known yet).</summary>
        internal static byte[] SerializePending(BackupManifest draft) => JsonSerializer.SerializeToUtf8Bytes(draft, s_options);

        /// <summary>Reads a manifest.</summary>
        /// <exception cref="StarRocksBackupException">InvalidConfiguration: not JSON, not an object, a newer schema, or no label/timestamp/database.</exception>
        public static BackupManifest Parse(byte[] utf8, string origin) => Parse(utf8, origin, pending: false);

        /// <summary>Reads a pending plan (no timestamp yet).</summary>
        internal static BackupManifest ParsePending(byte[] utf8, string origin) => Parse(utf8, origin, pending: true);

        private static BackupManifest Parse(byte[] utf8, string origin, bool pending)
        {
            BackupManifest? m;
            try
            {
                m = JsonSerializer.Deserialize<BackupManifest>(utf8, s_options);
            }
            catch (JsonException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The catalog manifest {origin} is not valid JSON: {ex.Message}", ex);
            }

            if (m is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The catalog manifest {origin} is empty.");
            }

            if (m.Schema > BackupManifest.CurrentSchema || m.Schema < 1)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration,
                    $"The catalog manifest {origin} has schema {m.Schema}; this module reads schema {BackupManifest.CurrentSchema}. Update the module.");
            }

            if (string.IsNullOrEmpty(m.Label) || (!pending && string.IsNullOrEmpty(m.BackupTimestamp)) || string.IsNullOrEmpty(m.Database))
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"The catalog manifest {origin} has no label, backupTimestamp or database.");
            }

            m.Partitions ??= new System.Collections.Generic.List<ManifestPartition>();
            return m;
        }

        /// <summary>Reads a manifest from its JSON text.</summary>
        public static BackupManifest Parse(string json, string origin) => Parse(Encoding.UTF8.GetBytes(json ?? string.Empty), origin);

        private static JsonSerializerOptions CreateOptions()
        {
            var o = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                PropertyNameCaseInsensitive = true,
                WriteIndented = false,
                DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            };
            o.Converters.Add(new UtcConverter());
            // Compile-time metadata for the manifest types (ManifestJsonContext): the same contract as the reflection
            // serializer had, without building it by reflection and emitted accessors on first use in every process.
            o.TypeInfoResolver = ManifestJsonContext.Default;
            return o;
        }

        private sealed class UtcConverter : JsonConverter<DateTimeOffset>
        {
            public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                string? text = reader.GetString();
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value))
                {
                    throw new JsonException($"'{text}' is not an ISO-8601 time.");
                }

                return value.ToUniversalTime();
            }

            public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
                writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Serialization metadata for <see cref="BackupManifest"/> generated at compile time (System.Text.Json's source
    /// generator). Naming, case-insensitivity, ignore rules and the UTC converter still come from the options that use it.
    /// </summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(BackupManifest))]
    internal sealed partial class ManifestJsonContext : JsonSerializerContext
    {
    }
}
