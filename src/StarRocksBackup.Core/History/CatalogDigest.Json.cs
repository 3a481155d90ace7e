using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using StarRocksBackup.Core.Parsing;

namespace StarRocksBackup.Core.History
{
    /// <summary>The index object: a <see cref="CatalogDigest"/> as compact JSON, written and read without an object graph per entry.</summary>
    public sealed partial class CatalogDigest
    {
        /// <summary>
        /// The index object's schema. 2: one entry per table, its held copies as arrays
        /// <c>[manifest, name, partitionId, visibleVersion, rowCount, dataSizeBytes, tableId]</c>, plus the names and ids seen
        /// beyond them. An index of another schema (1 kept an object per copy and every name and id again) is rebuilt.
        /// </summary>
        public const int CurrentSchema = 2;

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = ManifestJsonContext.Default,   // the manifest headers: compile-time metadata (ManifestJson.cs)
        };

        /// <summary>The index object's UTF-8 JSON.</summary>
        public byte[] Serialize()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("schema", CurrentSchema);
                w.WriteString("database", Database);
                w.WriteStartArray("covers");
                foreach (string c in _covers.OrderBy(c => c, StringComparer.Ordinal))
                {
                    w.WriteStringValue(c);
                }

                w.WriteEndArray();
                w.WriteStartArray("manifests");
                foreach (BackupManifest h in _headers)
                {
                    JsonSerializer.Serialize(w, h, s_json);
                }

                w.WriteEndArray();
                w.WriteStartArray("tables");
                foreach (TableDigest t in _tables.Values)
                {
                    w.WriteStartObject();
                    w.WriteString("table", t.Name);
                    w.WriteNumber("count", t.Held.Count);   // a size hint for the reader
                    w.WriteStartArray("held");
                    foreach (KeyValuePair<long, Held> kv in t.Held)
                    {
                        Held h = kv.Value;
                        w.WriteStartArray();
                        w.WriteNumberValue(h.Manifest);
                        w.WriteStringValue(h.Name);
                        w.WriteNumberValue(kv.Key);
                        w.WriteNumberValue(h.Version);
                        WriteNullable(w, h.RowCount);
                        WriteNullable(w, h.DataSizeBytes);
                        w.WriteNumberValue(h.TableId);
                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                    HashSet<string> heldNames = t.Names.Count == 0 ? t.Names : t.HeldNames();
                    w.WriteStartArray("names");
                    foreach (string n in t.Names.Where(n => !heldNames.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
                    {
                        w.WriteStringValue(n);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("ids");
                    foreach (long id in t.Ids.Where(id => !t.Held.ContainsKey(id)).OrderBy(id => id))
                    {
                        w.WriteNumberValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>Reads an index object; null when it is unreadable or of another schema or database (it is then rebuilt).</summary>
        public static CatalogDigest? TryParse(byte[] utf8, string database)
        {
            try
            {
                return Read(utf8, database);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException || ex is ArgumentException)
            {
                return null;   // not JSON, or not this shape (the reader's typed getters throw InvalidOperationException)
            }
        }

        private static CatalogDigest? Read(byte[] utf8, string database)
        {
            var r = new Utf8JsonReader(utf8);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var digest = new CatalogDigest(database);
            var shared = new RecentStrings();   // partition names repeat across tables
            bool schemaSeen = false, databaseSeen = false;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                string name = r.GetString()!;
                r.Read();
                switch (name)
                {
                    case "schema":
                        if (r.GetInt32() != CurrentSchema)
                        {
                            return null;   // written first: another schema is not read any further
                        }

                        schemaSeen = true;
                        break;
                    case "database":
                        if (!string.Equals(r.GetString(), database, StringComparison.Ordinal))
                        {
                            return null;
                        }

                        databaseSeen = true;
                        break;
                    case "covers":
                        Expect(ref r, JsonTokenType.StartArray);
                        while (Next(ref r) != JsonTokenType.EndArray)
                        {
                            digest._covers.Add(r.GetString() ?? throw new FormatException("a null cover"));
                        }

                        break;
                    case "manifests":
                        Expect(ref r, JsonTokenType.StartArray);
                        while (Next(ref r) != JsonTokenType.EndArray)
                        {
                            digest._headers.Add(JsonSerializer.Deserialize<BackupManifest>(ref r, s_json) ?? throw new FormatException("a null manifest header"));
                        }

                        break;
                    case "tables":
                        Expect(ref r, JsonTokenType.StartArray);
                        while (Next(ref r) != JsonTokenType.EndArray)
                        {
                            ReadTable(ref r, digest, shared);
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            if (!schemaSeen || !databaseSeen || r.TokenType != JsonTokenType.EndObject)
            {
                return null;
            }

            // Every copy must point at a manifest header of this index.
            int headers = digest._headers.Count;
            return digest._tables.Values.All(t => t.Held.Values.All(h => h.Manifest >= 0 && h.Manifest < headers)) ? digest : null;
        }

        private static void ReadTable(ref Utf8JsonReader r, CatalogDigest digest, RecentStrings shared)
        {
            Expect(ref r, JsonTokenType.StartObject);
            TableDigest? t = null;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                string name = r.GetString()!;
                r.Read();
                if (name == "table")
                {
                    t = digest.Table(r.GetString() ?? throw new FormatException("a null table name"));
                    continue;
                }

                if (t is null && (name == "count" || name == "held" || name == "names" || name == "ids"))
                {
                    throw new FormatException("a table's entries before its name");
                }

                switch (name)
                {
                    case "count":
                        t!.Reserve(r.GetInt32());
                        break;
                    case "held":
                        Expect(ref r, JsonTokenType.StartArray);
                        while (Next(ref r) != JsonTokenType.EndArray)
                        {
                            Expect(ref r, JsonTokenType.StartArray);
                            int m = Number(ref r);
                            Next(ref r);
                            string partition = shared.Share(r.GetString() ?? throw new FormatException("a null partition name"));
                            long id = Long(ref r), version = Long(ref r);
                            long? rows = NullableLong(ref r), size = NullableLong(ref r);
                            long tableId = Long(ref r);
                            if (Next(ref r) != JsonTokenType.EndArray)
                            {
                                throw new FormatException("a held copy of more than 7 values");
                            }

                            t!.Held[id] = new Held(m, partition, tableId, version, rows, size);
                        }

                        break;
                    case "names":
                        Expect(ref r, JsonTokenType.StartArray);
                        while (Next(ref r) != JsonTokenType.EndArray)
                        {
                            t!.Names.Add(r.GetString() ?? throw new FormatException("a null name"));
                        }

                        break;
                    case "ids":
                        Expect(ref r, JsonTokenType.StartArray);
                        while (Next(ref r) != JsonTokenType.EndArray)
                        {
                            t!.Ids.Add(r.GetInt64());
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            if (t is null || r.TokenType != JsonTokenType.EndObject)
            {
                throw new FormatException("a table entry without a name");
            }
        }

        private static void WriteNullable(Utf8JsonWriter w, long? value)
        {
            if (value is long v)
            {
                w.WriteNumberValue(v);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        private static JsonTokenType Next(ref Utf8JsonReader r) => r.Read() ? r.TokenType : throw new FormatException("the index object ends early");

        private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
        {
            if (r.TokenType != type)
            {
                throw new FormatException($"{type} expected, found {r.TokenType}");
            }
        }

        private static int Number(ref Utf8JsonReader r)
        {
            Next(ref r);
            return r.GetInt32();
        }

        private static long Long(ref Utf8JsonReader r)
        {
            Next(ref r);
            return r.GetInt64();
        }

        private static long? NullableLong(ref Utf8JsonReader r) => Next(ref r) == JsonTokenType.Null ? (long?)null : r.GetInt64();
    }
}
