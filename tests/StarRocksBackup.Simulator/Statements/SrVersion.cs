using System.Globalization;

namespace StarRocksBackup.Simulator.Statements;

/// <summary>A StarRocks release number ("3.3.9"); decides grammar, SHOW forms and features (facts §1.10).</summary>
public sealed record SrVersion(int Major, int Minor, int Patch)
{
    public static SrVersion Parse(string text)
    {
        string[] parts = (text ?? string.Empty).Trim().Split('.', '-', ' ');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
        if (parts.Length < 2 || !int.TryParse(parts[0], out _) || !int.TryParse(parts[1], out _))
        {
            throw new ArgumentException($"Not a StarRocks version: '{text}' (expected e.g. 3.3.9)", nameof(text));
        }

        return new SrVersion(Part(0), Part(1), Part(2));
    }

    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary>3.0+: SHOW BACKUP/RESTORE without FROM lists all databases; 5xxx error codes.</summary>
    public bool Is30 => AtLeast(3, 0);

    /// <summary>3.4+: BACKUP DATABASE, TABLE/ALL descriptors, RESTORE ... DATABASE x AS y.</summary>
    public bool Is34 => AtLeast(3, 4);

    /// <summary>4.2+: DROP SNAPSHOT, ttl, cluster id in the snapshot info.</summary>
    public bool Is42 => AtLeast(4, 2);

    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
