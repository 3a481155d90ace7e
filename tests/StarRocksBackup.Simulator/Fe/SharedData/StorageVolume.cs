// A storage volume as the FE holds it. In shared-data mode StarRocks keeps volumes in StarMgr as file
// stores and rebuilds them with StorageVolume.fromFileStoreInfo, so DESC STORAGE VOLUME shows the
// parameters read back from the file store (getParamsFromFileStoreInfo), credentials masked.
namespace StarRocksBackup.Simulator.Fe.SharedData;

/// <summary>Property keys (connector/share/credential/CloudConfigurationConstants.java).</summary>
public static class StorageVolumeProperties
{
    public const string Endpoint = "aws.s3.endpoint";
    public const string Region = "aws.s3.region";
    public const string AccessKey = "aws.s3.access_key";
    public const string SecretKey = "aws.s3.secret_key";
    public const string EnablePathStyleAccess = "aws.s3.enable_path_style_access";
    public const string UseInstanceProfile = "aws.s3.use_instance_profile";
    public const string UseAwsSdkDefaultBehavior = "aws.s3.use_aws_sdk_default_behavior";
    public const string EnableSsl = "aws.s3.enable_ssl";

    /// <summary>StorageVolume.CREDENTIAL_MASK.</summary>
    public const string CredentialMask = "******";

    /// <summary>Keys StorageVolume.addMaskForCredential masks (the S3 ones; Azure/GCS are not simulated).</summary>
    public static readonly IReadOnlySet<string> Masked = new HashSet<string>(StringComparer.Ordinal) { AccessKey, SecretKey };
}

public sealed class StorageVolume
{
    public StorageVolume(StorageVolumeDefinition definition)
    {
        Name = definition.Name;
        Type = definition.Type.ToUpperInvariant();
        Location = definition.Location;
        Properties = new Dictionary<string, string>(definition.Properties, StringComparer.Ordinal);
        Enabled = definition.Enabled;
        Comment = definition.Comment;
    }

    public string Name { get; }

    public string Type { get; }

    public string Location { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    public bool Enabled { get; }

    public string Comment { get; }

    public string? Property(string key) => Properties.TryGetValue(key, out string? v) ? v : null;

    /// <summary>
    /// The params as StorageVolume.getParamsFromFileStoreInfo rebuilds them for an S3 file store, in its
    /// insertion order: region, endpoint, path style (only when set), then the credential flags and keys.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ReadBackParams()
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new(StorageVolumeProperties.Region, Property(StorageVolumeProperties.Region) ?? string.Empty),
            new(StorageVolumeProperties.Endpoint, Property(StorageVolumeProperties.Endpoint) ?? string.Empty),
        };
        string? pathStyle = Property(StorageVolumeProperties.EnablePathStyleAccess);
        if (pathStyle is not null)
        {
            list.Add(new(StorageVolumeProperties.EnablePathStyleAccess, bool.TryParse(pathStyle, out bool ps) && ps ? "true" : "false"));
        }

        string? accessKey = Property(StorageVolumeProperties.AccessKey);
        if (!string.IsNullOrEmpty(accessKey))
        {
            list.Add(new(StorageVolumeProperties.UseInstanceProfile, "false"));
            list.Add(new(StorageVolumeProperties.UseAwsSdkDefaultBehavior, "false"));
            list.Add(new(StorageVolumeProperties.AccessKey, accessKey));
            list.Add(new(StorageVolumeProperties.SecretKey, Property(StorageVolumeProperties.SecretKey) ?? string.Empty));
        }
        else
        {
            list.Add(new(StorageVolumeProperties.UseAwsSdkDefaultBehavior, "true"));
        }

        return list;
    }

    /// <summary>DESC STORAGE VOLUME's Params: Gson of the read-back params with credentials replaced by ******.</summary>
    public string MaskedParamsJson()
    {
        IEnumerable<KeyValuePair<string, string>> masked = JavaMapJson.HashMapOrder(ReadBackParams())
            .Select(kv => StorageVolumeProperties.Masked.Contains(kv.Key) ? new KeyValuePair<string, string>(kv.Key, StorageVolumeProperties.CredentialMask) : kv);
        return JavaMapJson.ToGson(masked);
    }

    /// <summary>Never prints the credentials.</summary>
    public override string ToString() => $"{Name} ({Type} {Location})";
}
