using StarRocksBackup.Core;

namespace StarRocksBackup.Demo;

/// <summary>Prints what Core reports: verbose lines when asked, warnings always, progress on change only.</summary>
internal sealed class ConsoleObserver : IOperationObserver
{
    private readonly bool _verbose;
    private readonly object _gate = new();
    private readonly Dictionary<int, string> _lastStatus = new();

    public ConsoleObserver(bool verbose) => _verbose = verbose;

    public void Verbose(string message)
    {
        if (_verbose) Write(ConsoleColor.DarkGray, "  verbose: " + message);
    }

    public void Debug(string message)
    {
    }

    public void Warning(string message) => Write(ConsoleColor.Yellow, "  WARNING: " + message);

    public void Progress(OperationProgress progress)
    {
        string line = progress.PercentComplete >= 0
            ? $"{progress.Activity}: {progress.Status} ({progress.PercentComplete}%)"
            : $"{progress.Activity}: {progress.Status}";
        lock (_gate)
        {
            if (_lastStatus.TryGetValue(progress.ActivityId, out string? last) && last == line) return;
            _lastStatus[progress.ActivityId] = line;
        }

        if (!progress.Completed) Write(ConsoleColor.Cyan, "  " + line);
    }

    public static void Write(ConsoleColor color, string line)
    {
        lock (Console.Out)
        {
            ConsoleColor old = Console.ForegroundColor;
            Console.ForegroundColor = color;
            Console.WriteLine(line);
            Console.ForegroundColor = old;
        }
    }
}
