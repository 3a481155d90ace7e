namespace StarRocksBackup.Module.Tests;

/// <summary>Collects every offence of one rule so a failure names all offending cmdlets/parameters at once.</summary>
public sealed class Violations
{
    private readonly List<string> _items = new();

    public void Add(string message) => _items.Add(message);

    public void Check(bool ok, string message)
    {
        if (!ok) _items.Add(message);
    }

    public void AssertNone(string rule) =>
        Xunit.Assert.True(_items.Count == 0, $"{rule}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", _items));
}
