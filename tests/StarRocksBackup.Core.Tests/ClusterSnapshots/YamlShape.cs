using YamlDotNet.RepresentationModel;

namespace StarRocksBackup.Tests.ClusterSnapshots;

/// <summary>Reads YAML generically (YamlDotNet's representation model) to compare shapes, not our own classes.</summary>
internal static class YamlShape
{
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>Every key path, list items written as []: e.g. storage_volumes[].properties[].key.</summary>
    public static SortedSet<string> KeyPaths(YamlNode node, string path = "")
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    string p = path.Length == 0 ? ((YamlScalarNode)key).Value! : path + "." + ((YamlScalarNode)key).Value;
                    paths.Add(p);
                    paths.UnionWith(KeyPaths(value, p));
                }

                break;
            case YamlSequenceNode seq:
                foreach (YamlNode item in seq.Children)
                {
                    paths.UnionWith(KeyPaths(item, path + "[]"));
                }

                break;
        }

        return paths;
    }

    public static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (object step in path)
        {
            node = step switch
            {
                string key => ((YamlMappingNode)node).Children[new YamlScalarNode(key)],
                int index => ((YamlSequenceNode)node).Children[index],
                _ => throw new ArgumentException(step.ToString()),
            };
        }

        return node;
    }

    public static string Scalar(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    public static YamlScalarNode ScalarNode(YamlNode node, params object[] path) => (YamlScalarNode)At(node, path);
}
