using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Core.Storage
{
    /// <summary>
    /// Every object under one snapshot label's folder (<c>&lt;root&gt;/__ss_&lt;label&gt;/</c>, listed with the trailing
    /// <c>/</c> so <c>__ss_label2</c> is never included), sorted into StarRocks' kinds (facts §5.1–5.2).
    /// </summary>
    public sealed class SnapshotFolderListing
    {
        private SnapshotFolderListing(string label, string folderPrefix, IReadOnlyList<ObjectInfo> objects)
        {
            Label = label;
            FolderPrefix = folderPrefix;
            Objects = objects;
            var infos = new List<InfoObject>();
            var meta = new List<ObjectInfo>();
            var parts = new List<ObjectInfo>();
            var data = new List<ObjectInfo>();
            var other = new List<ObjectInfo>();
            foreach (ObjectInfo o in objects)
            {
                string name = o.Key.Substring(folderPrefix.Length);
                if (name.EndsWith(".part", StringComparison.Ordinal))
                {
                    parts.Add(o);
                }
                else if (name.IndexOf('/') < 0 && name.StartsWith(InfoPrefix, StringComparison.Ordinal))
                {
                    infos.Add(InfoObject.From(o, name));
                }
                else if (name.IndexOf('/') < 0 && name.StartsWith(MetaPrefix, StringComparison.Ordinal))
                {
                    meta.Add(o);
                }
                else if (name.StartsWith(ContentFolder, StringComparison.Ordinal))
                {
                    data.Add(o);
                }
                else
                {
                    other.Add(o);
                }
            }

            InfoFiles = infos;
            MetaFiles = meta;
            PartFiles = parts;
            DataFiles = data;
            OtherFiles = other;
        }

        /// <summary>Name prefix of job-info files.</summary>
        public const string InfoPrefix = "__info_";

        /// <summary>Name prefix of the meta file.</summary>
        public const string MetaPrefix = "__meta.";

        /// <summary>The data folder below the label folder.</summary>
        public const string ContentFolder = "__ss_content/";

        /// <summary>The label.</summary>
        public string Label { get; }

        /// <summary>The folder's key prefix, ending in <c>/</c>.</summary>
        public string FolderPrefix { get; }

        /// <summary>Every object, in listing order.</summary>
        public IReadOnlyList<ObjectInfo> Objects { get; }

        /// <summary>The <c>__info_*</c> objects directly in the folder (not <c>.part</c>).</summary>
        public IReadOnlyList<InfoObject> InfoFiles { get; }

        /// <summary>The <c>__meta.*</c> objects directly in the folder (not <c>.part</c>).</summary>
        public IReadOnlyList<ObjectInfo> MetaFiles { get; }

        /// <summary>Every <c>*.part</c> object (interrupted uploads).</summary>
        public IReadOnlyList<ObjectInfo> PartFiles { get; }

        /// <summary>Objects under <c>__ss_content/</c> that are not <c>.part</c>.</summary>
        public IReadOnlyList<ObjectInfo> DataFiles { get; }

        /// <summary>Anything else.</summary>
        public IReadOnlyList<ObjectInfo> OtherFiles { get; }

        /// <summary>Total bytes.</summary>
        public long Bytes => Objects.Sum(o => o.Size);

        /// <summary>The valid info files (md5 suffix and timestamp well-formed), by timestamp.</summary>
        public IEnumerable<InfoObject> ValidInfoFiles => InfoFiles.Where(i => i.IsValid);

        /// <summary>The key relative to the folder.</summary>
        public string Relative(string key) => key.Substring(FolderPrefix.Length);

        /// <summary>Lists the folder of <paramref name="label"/>.</summary>
        public static async Task<SnapshotFolderListing> ListAsync(RepositoryStorage storage, string label, CancellationToken cancellationToken)
        {
            S3Location folder = storage.SnapshotFolder(label);
            ObjectListing listing = await storage.Store.ListAsync(folder.Bucket, folder.Prefix, null, cancellationToken).ConfigureAwait(false);
            return From(label, folder.Prefix, listing.Objects);
        }

        /// <summary>
        /// Lists only the objects directly in the folder of <paramref name="label"/> (info, meta, a top-level <c>.part</c>):
        /// one request, whatever the number of data files; <see cref="SubFolders"/> holds the folders below it
        /// (normally <c>__ss_content/</c>).
        /// </summary>
        public static async Task<SnapshotFolderListing> ListTopAsync(RepositoryStorage storage, string label, CancellationToken cancellationToken)
        {
            S3Location folder = storage.SnapshotFolder(label);
            ObjectListing listing = await storage.Store.ListAsync(folder.Bucket, folder.Prefix, "/", cancellationToken).ConfigureAwait(false);
            SnapshotFolderListing top = From(label, folder.Prefix, listing.Objects);
            top.SubFolders = listing.CommonPrefixes;
            return top;
        }

        /// <summary>The folders below this one when it was listed with <see cref="ListTopAsync"/> (empty otherwise).</summary>
        public IReadOnlyList<string> SubFolders { get; private set; } = Array.Empty<string>();

        /// <summary>Sorts objects already listed (every key must start with <paramref name="folderPrefix"/>).</summary>
        public static SnapshotFolderListing From(string label, string folderPrefix, IReadOnlyList<ObjectInfo> objects)
        {
            if (!folderPrefix.EndsWith("/", StringComparison.Ordinal))
            {
                throw new ArgumentException("A folder prefix ends with '/'.", nameof(folderPrefix));
            }

            foreach (ObjectInfo o in objects)
            {
                if (!o.Key.StartsWith(folderPrefix, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{o.Key} is not under {folderPrefix}.", nameof(objects));
                }
            }

            return new SnapshotFolderListing(label, folderPrefix, objects);
        }

        /// <summary>Groups a recursive listing of the repository root into label folders (keys outside label folders are left out).</summary>
        public static IEnumerable<SnapshotFolderListing> GroupByLabel(RepositoryStorage storage, IEnumerable<ObjectInfo> objects)
        {
            string start = storage.Root.Prefix + RepositoryStorage.SnapshotFolderPrefix;
            foreach (IGrouping<string, ObjectInfo> g in objects
                         .Where(o => o.Key.StartsWith(start, StringComparison.Ordinal) && o.Key.IndexOf('/', start.Length) > start.Length)
                         .GroupBy(o => o.Key.Substring(0, o.Key.IndexOf('/', start.Length) + 1), StringComparer.Ordinal)
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                string label = g.Key.Substring(start.Length, g.Key.Length - start.Length - 1);
                yield return From(label, g.Key, g.ToList());
            }
        }

        /// <summary>True when <paramref name="suffix"/> is 32 lowercase hex characters (StarRocks' md5 suffix).</summary>
        public static bool IsMd5(string suffix)
        {
            if (suffix.Length != 32)
            {
                return false;
            }

            foreach (char c in suffix)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The md5 suffix of a file name (<c>name.&lt;md5&gt;</c>), or null when it has none.</summary>
        public static string? Md5Suffix(string key)
        {
            int slash = key.LastIndexOf('/');
            int dot = key.LastIndexOf('.');
            if (dot <= slash)
            {
                return null;
            }

            string suffix = key.Substring(dot + 1);
            return IsMd5(suffix) ? suffix : null;
        }
    }

    /// <summary>An <c>__info_&lt;timestamp&gt;.&lt;md5&gt;</c> object.</summary>
    public sealed class InfoObject
    {
        private InfoObject(ObjectInfo obj, string name, string? timestamp, string? md5)
        {
            Object = obj;
            Name = name;
            Timestamp = timestamp;
            Md5 = md5;
        }

        /// <summary>The object.</summary>
        public ObjectInfo Object { get; }

        /// <summary>Its file name.</summary>
        public string Name { get; }

        /// <summary>The backup timestamp in the name, or null when the name is not <c>__info_&lt;ts&gt;.&lt;md5&gt;</c>.</summary>
        public string? Timestamp { get; }

        /// <summary>The md5 suffix, or null when it is not 32 lowercase hex characters (SHOW SNAPSHOT's <c>Invalid:</c>).</summary>
        public string? Md5 { get; }

        /// <summary>True when StarRocks would list it (valid md5 suffix and timestamp).</summary>
        public bool IsValid => Timestamp is not null && Md5 is not null;

        internal static InfoObject From(ObjectInfo obj, string name)
        {
            string rest = name.Substring(SnapshotFolderListing.InfoPrefix.Length);
            int dot = rest.LastIndexOf('.');
            if (dot <= 0)
            {
                return new InfoObject(obj, name, null, null);
            }

            string ts = rest.Substring(0, dot);
            string? md5 = SnapshotFolderListing.IsMd5(rest.Substring(dot + 1)) ? rest.Substring(dot + 1) : null;
            return new InfoObject(obj, name, Model.SnapshotTimestamp.TryParse(ts) is null ? null : ts, md5);
        }

        /// <inheritdoc />
        public override string ToString() => Object.Key;
    }
}
