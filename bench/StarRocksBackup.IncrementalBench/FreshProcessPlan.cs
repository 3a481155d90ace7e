using System.Diagnostics;
using System.Globalization;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.History;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Core.Storage;

/// <summary>
/// The plan as a nightly run does it: in a new process (so it pays JIT, the AWS SDK's and the driver's first use), against
/// the benchmark's simulator (over TCP, already warm: a real FE does not JIT) and catalog. The parent starts this
/// program again with <c>--child-plan</c>; the child connects, opens the catalog, plans once and prints one line.
/// </summary>
internal static class FreshProcessPlan
{
    private const string Marker = "CHILD ";

    /// <summary>The child: <c>--child-plan host port location repository database</c>; S3 settings from the environment.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        string host = args[1], location = args[3], repository = args[4], database = args[5];
        int port = int.Parse(args[2], CultureInfo.InvariantCulture);
        static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? string.Empty;
        var clock = Stopwatch.StartNew();
        using StarRocksClient client = await StarRocksClient.ConnectAsync(new ConnectionOptions
        {
            Host = host, Port = port, User = "root", CommandTimeout = TimeSpan.FromMinutes(10),
        });
        using var store = new S3ObjectStore(new ObjectStoreOptions
        {
            Endpoint = Env("S3_ENDPOINT"), Region = Env("S3_REGION") is { Length: > 0 } r ? r : "us-east-1",
            AccessKey = Env("S3_ACCESS_KEY"), SecretKey = new Secret(Env("S3_SECRET_KEY")),
        });
        var catalog = new BackupCatalog(new RepositoryStorage(store, S3Location.Parse(location), repository));
        double connect = clock.Elapsed.TotalMilliseconds;
        var policy = PolicyLoader.Parse($"repository: {repository}\nsets:\n  - databases: [{database}]\n", "bench.yaml");
        clock.Restart();
        IReadOnlyList<DatabasePolicyPlan> plan = await new PolicyRunner(client, catalog, policy).PlanAsync();
        double planMs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(FormattableString.Invariant($"{Marker}{connect:F0} {planMs:F0} {plan[0].ToBackUp.Count}"));
        return 0;
    }

    /// <summary>Runs one child and returns its connect + open time, plan time and the number of partitions it found.</summary>
    public static async Task<(double Connect, double Plan, int Found)> RunAsync(string host, int port, string location, string repository, string database)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(FreshProcessPlan).Assembly.Location);   // started as `dotnet bench.dll`
        }

        foreach (string a in new[] { "--child-plan", host, port.ToString(CultureInfo.InvariantCulture), location, repository, database })
        {
            start.ArgumentList.Add(a);
        }

        // INCBENCH_CHILD_ENV="K=V;K=V": variables for the child only (e.g. DOTNET_ReadyToRun=0, DOTNET_JitStdOutFile=...).
        foreach (string pair in (Environment.GetEnvironmentVariable("INCBENCH_CHILD_ENV") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                start.Environment[pair[..eq]] = pair[(eq + 1)..];
            }
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync(), stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        string? line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"the child plan failed (exit {child.ExitCode}): {await stderr}");
        }

        string[] f = line.Substring(Marker.Length).Trim().Split(' ');
        return (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture));
    }
}
