using System;
using System.Globalization;
using System.Text.Json;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// Walks the data files an <c>__info_</c> job-info JSON lists (facts §5.3) without building
    /// <see cref="SnapshotInfoFile"/>'s model and without a document: a forward-only <see cref="Utf8JsonReader"/> over the
    /// caller's bytes, one callback per file with its tablet folder, in the order of the JSON. An object's <c>id</c> may
    /// come after its children, so each object is first scanned for its own properties with a copy of the reader (a
    /// struct: copying it saves the position) and then walked. Nothing per file is kept and nothing is allocated in
    /// proportion to the file (a JsonDocument would rent an index about as large as the file from the shared pool, and
    /// the pool keeps it), so a verification of N files holds the info file's bytes and not N parsed names.
    /// </summary>
    internal static class SnapshotInfoWalker
    {
        /// <summary>
        /// Calls <paramref name="onFile"/>(tablet folder relative to the snapshot folder, file name) for every data file
        /// and returns the source database's name. Throws <see cref="StarRocksBackupException"/> (InvalidConfiguration)
        /// on what <see cref="SnapshotInfoFile.Parse"/> refuses: no <c>backup_objects</c>, a file name with a <c>/</c>,
        /// a tablet id that is not a number, a partition or index that is not an object, JSON that does not parse.
        /// Where a key is repeated the last one counts, as in System.Text.Json's documents.
        /// </summary>
        public static string Walk(ReadOnlyMemory<byte> content, Action<string, string> onFile)
        {
            try
            {
                var reader = new Utf8JsonReader(content.Span);
                if (!reader.Read())
                {
                    throw new JsonException("the file is empty");
                }

                // The whole text must be one JSON value, as a document parse would require.
                Utf8JsonReader end = reader;
                end.Skip();
                if (end.Read())
                {
                    throw new JsonException("more than one JSON value");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file has no backup_objects.");
                }

                string database = string.Empty;
                long? dbId = null;
                bool hasObjects = false;
                Utf8JsonReader objects = default;
                Utf8JsonReader r = reader;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    bool isDatabase = r.ValueTextEquals("database"), isId = r.ValueTextEquals("id"), isObjects = r.ValueTextEquals("backup_objects");
                    r.Read();
                    if (isDatabase)
                    {
                        database = r.TokenType == JsonTokenType.String ? r.GetString() ?? string.Empty : string.Empty;
                    }
                    else if (isId)
                    {
                        dbId = LongValue(ref r);
                    }
                    else if (isObjects)
                    {
                        hasObjects = r.TokenType == JsonTokenType.StartObject;
                        objects = r;
                    }

                    r.Skip();
                }

                if (!hasObjects)
                {
                    throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file has no backup_objects.");
                }

                string db = "__ss_content/__db_" + Id(dbId ?? 0) + "/";
                Utf8JsonReader t = objects;
                while (t.Read() && t.TokenType == JsonTokenType.PropertyName)
                {
                    t.Read();
                    if (t.TokenType == JsonTokenType.StartObject)
                    {
                        long? tableId = Scan(t, "partitions", out bool hasPartitions, out Utf8JsonReader partitions, null, out _, out _);
                        if (hasPartitions)
                        {
                            Partitions(db + "__tbl_" + Id(tableId ?? 0) + "/", partitions, onFile);
                        }
                    }

                    t.Skip();
                }

                return database;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is OverflowException || ex is InvalidOperationException)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, "The snapshot info file is not valid job-info JSON: " + ex.Message, ex);
            }
        }

        private static void Partitions(string tableFolder, Utf8JsonReader partitions, Action<string, string> onFile)
        {
            Utf8JsonReader p = partitions;
            while (p.Read() && p.TokenType == JsonTokenType.PropertyName)
            {
                string name = p.GetString() ?? string.Empty;
                p.Read();
                RequireObject(p, "partition " + name);
                long? partitionId = Scan(p, "subPartitions", out bool hasSubs, out Utf8JsonReader subs, "indexes", out bool hasIndexes, out Utf8JsonReader indexes);
                bool hasSub = false;
                if (hasSubs)
                {
                    Utf8JsonReader s = subs;
                    while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
                    {
                        string subName = s.GetString() ?? string.Empty;
                        s.Read();
                        hasSub = true;
                        RequireObject(s, "sub-partition " + subName);
                        long? physical = Scan(s, "indexes", out bool subHasIndexes, out Utf8JsonReader subIndexes, null, out _, out _);
                        if (subHasIndexes)
                        {
                            Indexes(tableFolder + "__part_" + Id(physical ?? long.Parse(subName, CultureInfo.InvariantCulture)) + "/", subIndexes, onFile);
                        }
                        else
                        {
                            _ = physical ?? long.Parse(subName, CultureInfo.InvariantCulture);
                        }

                        s.Skip();
                    }
                }

                if (!hasSub && hasIndexes)
                {
                    Indexes(tableFolder + "__part_" + Id(partitionId ?? 0) + "/", indexes, onFile);
                }

                p.Skip();
            }
        }

        private static void Indexes(string partitionFolder, Utf8JsonReader indexes, Action<string, string> onFile)
        {
            Utf8JsonReader i = indexes;
            while (i.Read() && i.TokenType == JsonTokenType.PropertyName)
            {
                string name = i.GetString() ?? string.Empty;
                i.Read();
                RequireObject(i, "index " + name);
                long? indexId = Scan(i, "tablets", out bool hasTablets, out Utf8JsonReader tablets, null, out _, out _);
                if (hasTablets)
                {
                    string idx = partitionFolder + "__idx_" + Id(indexId ?? 0) + "/";
                    Utf8JsonReader t = tablets;
                    while (t.Read() && t.TokenType == JsonTokenType.PropertyName)
                    {
                        string tablet = t.GetString() ?? string.Empty;
                        string folder = idx + "__" + Id(long.Parse(tablet, NumberStyles.None, CultureInfo.InvariantCulture)) + "/";
                        t.Read();
                        if (t.TokenType == JsonTokenType.StartArray)
                        {
                            Utf8JsonReader f = t;
                            while (f.Read() && f.TokenType != JsonTokenType.EndArray)
                            {
                                string file = f.GetString() ?? string.Empty;
                                if (file.Length == 0 || file.IndexOf('/') >= 0 || file == "." || file == "..")
                                {
                                    throw new FormatException($"tablet {tablet} lists the file name '{file}'");
                                }

                                onFile(folder, file);
                            }
                        }

                        t.Skip();
                    }
                }

                i.Skip();
            }
        }

        /// <summary>
        /// Scans the object <paramref name="at"/> is on (a copy: the caller's position is kept) for its own <c>id</c> and up
        /// to two object-valued properties, and returns the id.
        /// </summary>
        private static long? Scan(Utf8JsonReader at, string? a, out bool hasA, out Utf8JsonReader atA, string? b, out bool hasB, out Utf8JsonReader atB)
        {
            long? id = null;
            hasA = hasB = false;
            atA = atB = default;
            Utf8JsonReader r = at;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = r.ValueTextEquals("id");
                bool isA = a is not null && r.ValueTextEquals(a);
                bool isB = b is not null && r.ValueTextEquals(b);
                r.Read();
                if (isId)
                {
                    id = LongValue(ref r);
                }
                else if (isA)
                {
                    hasA = r.TokenType == JsonTokenType.StartObject;
                    atA = r;
                }
                else if (isB)
                {
                    hasB = r.TokenType == JsonTokenType.StartObject;
                    atB = r;
                }

                r.Skip();
            }

            return id;
        }

        /// <summary>A number, or a string holding one (as <see cref="SnapshotInfoFile"/> reads ids); null otherwise.</summary>
        private static long? LongValue(ref Utf8JsonReader r)
        {
            if (r.TokenType == JsonTokenType.Number)
            {
                return r.TryGetInt64(out long l) ? l : null;
            }

            return r.TokenType == JsonTokenType.String && long.TryParse(r.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : null;
        }

        private static void RequireObject(Utf8JsonReader r, string what)
        {
            if (r.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidOperationException($"{what} is not an object");
            }
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
