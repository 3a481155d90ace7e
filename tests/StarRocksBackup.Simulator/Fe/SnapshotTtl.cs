using System.Globalization;
using System.Text.RegularExpressions;

namespace StarRocksBackup.Simulator.Fe;

/// <summary>
/// The 4.2 BACKUP property ttl: "&lt;positive int&gt; &lt;UNIT&gt;" (unit case-insensitive, blanks trimmed); empty =
/// keep forever. Expiry = finish time + ttl with calendar arithmetic in the FE time zone (facts §1.8).
/// </summary>
public sealed partial record SnapshotTtl(int Amount, string Unit)
{
    public override string ToString() => $"{Amount} {Unit}";

    /// <summary>Null for empty/blank (forever); throws the analyzer errors of facts §1.8 otherwise.</summary>
    public static SnapshotTtl? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        Match m = Shape().Match(value);
        if (!m.Success) throw FeException.Analysis(Messages.InvalidTtl(value));
        string unit = m.Groups[2].Value.ToUpperInvariant().TrimEnd('S');
        if (unit is not ("SECOND" or "MINUTE" or "HOUR" or "DAY" or "WEEK" or "MONTH" or "YEAR")) throw FeException.Analysis(Messages.InvalidTtl(value));
        if (!int.TryParse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) || n <= 0)
        {
            throw FeException.Analysis(Messages.TtlNotPositive(value.Trim()));
        }

        return new SnapshotTtl(n, unit);
    }

    public DateTimeOffset AddTo(DateTimeOffset finish) => Unit switch
    {
        "SECOND" => finish.AddSeconds(Amount),
        "MINUTE" => finish.AddMinutes(Amount),
        "HOUR" => finish.AddHours(Amount),
        "DAY" => finish.AddDays(Amount),
        "WEEK" => finish.AddDays(7 * Amount),
        "MONTH" => finish.AddMonths(Amount),
        _ => finish.AddYears(Amount),
    };

    [GeneratedRegex(@"^\s*(-?\d+)\s+([A-Za-z]+)\s*$")]
    private static partial Regex Shape();
}
