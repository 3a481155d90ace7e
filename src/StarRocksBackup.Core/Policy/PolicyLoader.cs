using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>
    /// Reads and validates a policy file before anything runs. Every problem names the key and its line
    /// (<c>policy.yaml line 7: unknown key 'paralelism' …</c>); all problems are reported together.
    /// </summary>
    public static partial class PolicyLoader
    {
        private static readonly string[] s_top = { "repository", "connection", "storage", "sets", "parallelism", "timeoutMinutes", "notification", "retention" };
        private static readonly string[] s_connection = { "server", "port", "user", "passwordVariable" };
        private static readonly string[] s_storage = { "endpoint", "region", "accessKeyVariable", "secretKeyVariable" };
        private static readonly string[] s_set = { "name", "databases", "excludeDatabases", "tables", "excludeTables", "mode", "fullEveryDays", "lateDataDays", "includeLateData" };
        private static readonly string[] s_notification = { "webhook", "on" };

        /// <summary>Reads a policy file.</summary>
        /// <exception cref="StarRocksBackupException">InvalidConfiguration naming every bad key and its line.</exception>
        public static BackupPolicy Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidArgument, $"Cannot read the policy file '{path}': {ex.Message}", ex);
            }

            return Parse(text, Path.GetFileName(path));
        }

        /// <summary>Parses policy YAML; <paramref name="origin"/> names it in errors.</summary>
        public static BackupPolicy Parse(string yaml, string origin)
        {
            var errors = new List<string>();
            var policy = new BackupPolicy();
            YamlMappingNode? root = null;
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml ?? string.Empty));
                root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
            }
            catch (YamlException ex)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"{origin} line {ex.Start.Line}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}", ex);
            }

            if (root is null)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, $"{origin}: the policy must be a mapping with at least 'repository' and 'sets'.");
            }

            var r = new Reader(origin, errors);
            foreach (KeyValuePair<YamlNode, YamlNode> kv in r.Keys(root, s_top, "the policy"))
            {
                string key = ((YamlScalarNode)kv.Key).Value!;
                switch (key)
                {
                    case "repository": policy.Repository = r.String(kv) ?? string.Empty; break;
                    case "parallelism": policy.Parallelism = r.Int(kv, 1, 1024) ?? policy.Parallelism; break;
                    case "timeoutMinutes": policy.TimeoutMinutes = r.Int(kv, 10, 60 * 24 * 7); break;
                    case "connection": policy.Connection = ReadConnection(r, kv); break;
                    case "storage": policy.Storage = ReadStorage(r, kv); break;
                    case "notification": policy.Notification = ReadNotification(r, kv); break;
                    case "sets": policy.Sets = ReadSets(r, kv); break;
                    case "retention": policy.Retention = ReadRetention(r, kv); break;
                }
            }

            if (string.IsNullOrWhiteSpace(policy.Repository))
            {
                errors.Insert(0, $"{origin} line {root.Start.Line}: missing 'repository' (the repository every backup goes to).");
            }

            if (policy.Sets.Count == 0 && !root.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "sets"))
            {
                errors.Add($"{origin} line {root.Start.Line}: missing 'sets' (at least one set of databases).");
            }

            if (errors.Count > 0)
            {
                throw new StarRocksBackupException(ErrorKind.InvalidConfiguration, string.Join(Environment.NewLine, errors));
            }

            return policy;
        }

        private static PolicyConnection? ReadConnection(Reader r, KeyValuePair<YamlNode, YamlNode> section)
        {
            if (r.Map(section) is not YamlMappingNode map)
            {
                return null;
            }

            var c = new PolicyConnection();
            foreach (KeyValuePair<YamlNode, YamlNode> kv in r.Keys(map, s_connection, "connection"))
            {
                switch (((YamlScalarNode)kv.Key).Value)
                {
                    case "server": c.Server = r.String(kv) ?? string.Empty; break;
                    case "port": c.Port = r.Int(kv, 1, 65535) ?? c.Port; break;
                    case "user": c.User = r.String(kv) ?? c.User; break;
                    case "passwordVariable": c.PasswordVariable = r.String(kv); break;
                }
            }

            if (string.IsNullOrWhiteSpace(c.Server))
            {
                r.Error(map, "connection: missing 'server'.");
            }

            return c;
        }

        private static PolicyStorage? ReadStorage(Reader r, KeyValuePair<YamlNode, YamlNode> section)
        {
            if (r.Map(section) is not YamlMappingNode map)
            {
                return null;
            }

            var s = new PolicyStorage();
            foreach (KeyValuePair<YamlNode, YamlNode> kv in r.Keys(map, s_storage, "storage"))
            {
                switch (((YamlScalarNode)kv.Key).Value)
                {
                    case "endpoint": s.Endpoint = r.String(kv); break;
                    case "region": s.Region = r.String(kv) ?? s.Region; break;
                    case "accessKeyVariable": s.AccessKeyVariable = r.String(kv); break;
                    case "secretKeyVariable": s.SecretKeyVariable = r.String(kv); break;
                }
            }

            return s;
        }

        private static PolicyNotification? ReadNotification(Reader r, KeyValuePair<YamlNode, YamlNode> section)
        {
            if (r.Map(section) is not YamlMappingNode map)
            {
                return null;
            }

            var n = new PolicyNotification();
            foreach (KeyValuePair<YamlNode, YamlNode> kv in r.Keys(map, s_notification, "notification"))
            {
                switch (((YamlScalarNode)kv.Key).Value)
                {
                    case "webhook":
                        n.Webhook = r.String(kv) ?? string.Empty;
                        if (!Uri.TryCreate(n.Webhook, UriKind.Absolute, out Uri? u) || (u.Scheme != "http" && u.Scheme != "https"))
                        {
                            r.Error(kv.Value, $"notification.webhook: '{n.Webhook}' is not an http(s) URL.");
                        }

                        break;
                    case "on":
                        n.On = r.String(kv) ?? n.On;
                        if (n.On != "failure" && n.On != "always")
                        {
                            r.Error(kv.Value, $"notification.on: '{n.On}' must be 'failure' or 'always'.");
                        }

                        break;
                }
            }

            return n;
        }

        private static List<BackupSet> ReadSets(Reader r, KeyValuePair<YamlNode, YamlNode> section)
        {
            var sets = new List<BackupSet>();
            if (section.Value is not YamlSequenceNode seq)
            {
                r.Error(section.Value, "sets: must be a list of sets (each '- name: …').");
                return sets;
            }

            if (seq.Children.Count == 0)
            {
                r.Error(seq, "sets: the list is empty.");
            }

            foreach (YamlNode item in seq.Children)
            {
                if (item is not YamlMappingNode map)
                {
                    r.Error(item, "sets: each set must be a mapping (name, databases, …).");
                    continue;
                }

                var set = new BackupSet { Name = "set" + (sets.Count + 1) };
                bool hasDatabases = false;
                foreach (KeyValuePair<YamlNode, YamlNode> kv in r.Keys(map, s_set, "a set"))
                {
                    switch (((YamlScalarNode)kv.Key).Value)
                    {
                        case "name": set.Name = r.String(kv) ?? set.Name; break;
                        case "databases": set.Databases = r.Patterns(kv); hasDatabases = true; break;
                        case "excludeDatabases": set.ExcludeDatabases = r.Patterns(kv); break;
                        case "tables": set.Tables = r.Patterns(kv); break;
                        case "excludeTables": set.ExcludeTables = r.Patterns(kv); break;
                        case "mode":
                            set.Mode = r.String(kv) ?? set.Mode;
                            if (set.Mode != "incremental" && set.Mode != "full")
                            {
                                r.Error(kv.Value, $"mode: '{set.Mode}' must be 'incremental' or 'full'.");
                            }

                            break;
                        case "fullEveryDays": set.FullEveryDays = r.Int(kv, 1, 3650); break;
                        case "lateDataDays": set.LateDataDays = r.Int(kv, 1, 36500); break;
                        case "includeLateData": set.IncludeLateData = r.Bool(kv) ?? false; break;
                    }
                }

                if (!hasDatabases || set.Databases.Count == 0)
                {
                    r.Error(map, $"set '{set.Name}': missing 'databases' (names or wildcards).");
                }

                sets.Add(set);
            }

            return sets;
        }

        private sealed class Reader
        {
            private readonly string _origin;
            private readonly List<string> _errors;

            public Reader(string origin, List<string> errors)
            {
                _origin = origin;
                _errors = errors;
            }

            public void Error(YamlNode at, string message) => _errors.Add($"{_origin} line {at.Start.Line}: {message}");

            public IEnumerable<KeyValuePair<YamlNode, YamlNode>> Keys(YamlMappingNode map, string[] allowed, string where)
            {
                foreach (KeyValuePair<YamlNode, YamlNode> kv in map.Children)
                {
                    string? key = (kv.Key as YamlScalarNode)?.Value;
                    if (key is null || !allowed.Contains(key, StringComparer.Ordinal))
                    {
                        string hint = key is null ? string.Empty : allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)) is string near ? $" (did you mean '{near}'?)" : string.Empty;
                        Error(kv.Key, $"unknown key '{key}' in {where}{hint}; allowed: {string.Join(", ", allowed)}.");
                        continue;
                    }

                    yield return kv;
                }
            }

            public YamlMappingNode? Map(KeyValuePair<YamlNode, YamlNode> kv)
            {
                if (kv.Value is YamlMappingNode m)
                {
                    return m;
                }

                Error(kv.Value, $"{Name(kv)}: must be a mapping.");
                return null;
            }

            public string? String(KeyValuePair<YamlNode, YamlNode> kv)
            {
                if (kv.Value is YamlScalarNode s && !string.IsNullOrEmpty(s.Value))
                {
                    return s.Value;
                }

                Error(kv.Value, $"{Name(kv)}: must be a non-empty text value.");
                return null;
            }

            public int? Int(KeyValuePair<YamlNode, YamlNode> kv, int min, int max)
            {
                if (kv.Value is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
                {
                    if (v < min || v > max)
                    {
                        Error(kv.Value, $"{Name(kv)}: {v} is out of range ({min}..{max}).");
                        return null;
                    }

                    return v;
                }

                Error(kv.Value, $"{Name(kv)}: must be a whole number, not '{(kv.Value as YamlScalarNode)?.Value ?? kv.Value.NodeType.ToString()}'.");
                return null;
            }

            public bool? Bool(KeyValuePair<YamlNode, YamlNode> kv)
            {
                if (kv.Value is YamlScalarNode s && bool.TryParse(s.Value, out bool b))
                {
                    return b;
                }

                Error(kv.Value, $"{Name(kv)}: must be true or false.");
                return null;
            }

            public List<string> Patterns(KeyValuePair<YamlNode, YamlNode> kv)
            {
                var list = new List<string>();
                IEnumerable<YamlNode> items = kv.Value is YamlSequenceNode seq ? seq.Children : new[] { kv.Value };
                foreach (YamlNode item in items)
                {
                    if (item is not YamlScalarNode s || string.IsNullOrWhiteSpace(s.Value))
                    {
                        Error(item, $"{Name(kv)}: each entry must be a name or wildcard.");
                        continue;
                    }

                    try
                    {
                        Wildcard.ToRegex(s.Value!);
                        list.Add(s.Value!);
                    }
                    catch (StarRocksBackupException ex)
                    {
                        Error(item, $"{Name(kv)}: bad wildcard: {ex.Message}");
                    }
                }

                return list;
            }

            private static string Name(KeyValuePair<YamlNode, YamlNode> kv) => (kv.Key as YamlScalarNode)?.Value ?? "?";
        }
    }
}
