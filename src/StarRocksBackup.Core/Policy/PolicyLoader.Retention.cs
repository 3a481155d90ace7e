using System.Collections.Generic;
using YamlDotNet.RepresentationModel;

namespace StarRocksBackup.Core.Policy
{
    /// <summary>The <c>retention</c> section of a policy file.</summary>
    public static partial class PolicyLoader
    {
        private static readonly string[] s_retention =
        {
            "retentionDays", "minRetentionDays", "maxSnapshots", "minSnapshots", "keepDaily", "keepWeekly", "keepMonthly", "keepNewestVerified",
        };

        private static PolicyRetention? ReadRetention(Reader r, KeyValuePair<YamlNode, YamlNode> section)
        {
            if (r.Map(section) is not YamlMappingNode map)
            {
                return null;
            }

            var x = new PolicyRetention();
            var lines = new Dictionary<string, YamlNode>();
            foreach (KeyValuePair<YamlNode, YamlNode> kv in r.Keys(map, s_retention, "retention"))
            {
                string key = ((YamlScalarNode)kv.Key).Value!;
                lines[key] = kv.Key;

                // The ranges of Invoke-SrRetention's parameters.
                switch (key)
                {
                    case "retentionDays": x.RetentionDays = r.Int(kv, 0, 36500); break;
                    case "minRetentionDays": x.MinRetentionDays = r.Int(kv, 0, 36500); break;
                    case "maxSnapshots": x.MaxSnapshots = r.Int(kv, 0, 100000); break;
                    case "minSnapshots": x.MinSnapshots = r.Int(kv, 0, 100000); break;
                    case "keepDaily": x.KeepDaily = r.Int(kv, 0, 10000); break;
                    case "keepWeekly": x.KeepWeekly = r.Int(kv, 0, 10000); break;
                    case "keepMonthly": x.KeepMonthly = r.Int(kv, 0, 10000); break;
                    case "keepNewestVerified": x.KeepNewestVerified = r.Bool(kv); break;
                }
            }

            if (x.MaxSnapshots < x.MinSnapshots)
            {
                r.Error(lines["maxSnapshots"], $"retention.maxSnapshots ({x.MaxSnapshots}) is below retention.minSnapshots ({x.MinSnapshots}).");
            }

            if (x.RetentionDays < x.MinRetentionDays)
            {
                r.Error(lines["retentionDays"], $"retention.retentionDays ({x.RetentionDays}) is below retention.minRetentionDays ({x.MinRetentionDays}).");
            }

            return x;
        }
    }
}
