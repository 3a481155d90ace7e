using System.Diagnostics;
using System.Globalization;

/// <summary>
/// What a scheduled run pays, as a DBA runs it: a new <c>pwsh</c> that imports the ASSEMBLED module (out/…, loaded the
/// way it ships: the cmdlet assembly in PowerShell's context, Core and its closure from <c>dependencies/</c> — or the
/// ReadyToRun copy <c>dependencies/&lt;rid&gt;/</c> — in the module's own load context), connects to the benchmark's
/// simulator and runs <c>Get-SrPartition -Changed</c> over the benchmark's repository once. Import, connect and the plan
/// are timed apart inside the process, with the JIT's own counters (<c>System.Runtime.JitInfo</c>: methods compiled and
/// time spent compiling in the process so far) after each, and the folder Core was loaded from.
/// </summary>
internal static class FreshPwshPlan
{
    private const string Marker = "CHILD ";

    // Arguments: module path, port, repository, database, S3 endpoint, region; S3 keys from S3_ACCESS_KEY/S3_SECRET_KEY.
    private const string Script = """
        param($Module, $Port, $Repository, $Database, $Endpoint, $Region)
        $ErrorActionPreference = 'Stop'
        function Jit { '{0} {1:F0}' -f [System.Runtime.JitInfo]::GetCompiledMethodCount($false), [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds }
        $startJit = Jit
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        Import-Module $Module
        $import = $sw.Elapsed.TotalMilliseconds; $importJit = Jit
        $sw.Restart()
        $user = New-Object System.Management.Automation.PSCredential ('root', (New-Object System.Security.SecureString))
        Connect-SrServer -Server 127.0.0.1 -Port $Port -Credential $user | Out-Null
        $connect = $sw.Elapsed.TotalMilliseconds; $connectJit = Jit
        $secret = New-Object System.Security.SecureString
        foreach ($c in $env:S3_SECRET_KEY.ToCharArray()) { $secret.AppendChar($c) }
        $storage = New-Object System.Management.Automation.PSCredential ($env:S3_ACCESS_KEY, $secret)
        # Diagnostics only (a case's INCBENCH_WARMUP=sql,catalog): pay one first use before the clock starts, to see
        # what share of the plan's first-use cost it was. sql = a partitions_meta query of one table; json = Core's manifest
        # reader on a small manifest; catalog = the catalog's manifests read (SHOW REPOSITORIES, S3 requests, the JSON).
        foreach ($step in "$env:INCBENCH_WARMUP".Split(',', [StringSplitOptions]::RemoveEmptyEntries)) {
            switch ($step) {
                'sql' { Get-SrPartition -Database $Database -Table t0 | Out-Null }
                'json' {
                    # Core's manifest reader on a small manifest: the JSON serializer's first use, without S3.
                    $coreAsm = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'StarRocksBackup.Core' } | Select-Object -First 1
                    $json = '{"schema":1,"label":"w","backupTimestamp":"2026-01-01-00-00-00-000","database":"d","createdAt":"2026-01-01T00:00:00.000Z","partitions":[{"table":"t","tableId":1,"partition":"p","partitionId":2,"visibleVersion":3,"rowCount":4,"dataSizeBytes":5}]}'
                    $coreAsm.GetType('StarRocksBackup.Core.History.ManifestJson').GetMethod('Parse', [type[]]@([string], [string])).Invoke($null, @($json, 'warm-up')) | Out-Null
                }
                'catalog' { Get-SrBackupHistory -Repository $Repository -Database $Database -StorageCredential $storage -StorageEndpoint $Endpoint -StorageRegion $Region | Out-Null }
                default { throw "unknown INCBENCH_WARMUP step '$step'" }
            }
        }
        $me = [System.Diagnostics.Process]::GetCurrentProcess(); $cpu0 = $me.TotalProcessorTime; $gc0 = [GC]::CollectionCount(0); $alloc0 = [GC]::GetTotalAllocatedBytes($false)
        $sw.Restart()
        $changed = @(Get-SrPartition -Changed -Repository $Repository -Database $Database -StorageCredential $storage -StorageEndpoint $Endpoint -StorageRegion $Region)
        $plan = $sw.Elapsed.TotalMilliseconds; $planJit = Jit
        $me.Refresh(); $cpu = ($me.TotalProcessorTime - $cpu0).TotalMilliseconds; $gcs = [GC]::CollectionCount(0) - $gc0; $alloc = ([GC]::GetTotalAllocatedBytes($false) - $alloc0) / 1MB
        $core = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'StarRocksBackup.Core' } | Select-Object -First 1
        $from = Split-Path -Leaf (Split-Path -Parent $core.Location)
        'CHILD {0:F0} {1:F0} {2:F0} {3} {4} {5} {6} {7} {8} {9:F0} {10} {11:F0}' -f $import, $connect, $plan, $changed.Count, $from, $startJit, $importJit, $connectJit, $planJit, $cpu, $gcs, $alloc
        """;

    /// <summary>One case: a name, the module's psd1, and environment variables for its processes only.</summary>
    public sealed record Case(string Name, string Module, IReadOnlyDictionary<string, string> Environment);

    /// <summary>One fresh pwsh: wall of the whole process, then the child's own figures.</summary>
    public sealed record Result(double Wall, double Import, double Connect, double Plan, int Found, string CoreFolder,
        (int Methods, double Ms) StartJit, (int Methods, double Ms) ImportJit, (int Methods, double Ms) ConnectJit, (int Methods, double Ms) PlanJit,
        double PlanCpu, int PlanGen0, double PlanAllocatedMb);

    /// <summary><c>name=path.psd1[|K=V|K=V];name2=…</c>; an empty spec means the module assembled in out/ under the current directory.</summary>
    public static IReadOnlyList<Case> ParseCases(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            string? found = Directory.Exists("out/StarRocksBackup")
                ? Directory.GetFiles("out/StarRocksBackup", "StarRocksBackup.psd1", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
                : null;
            return found is null
                ? throw new InvalidOperationException("no assembled module under out/StarRocksBackup (dotnet msbuild build/AssembleModule.proj) and no --pwsh-cases")
                : new[] { new Case("module", Path.GetFullPath(found), new Dictionary<string, string>()) };
        }

        var cases = new List<Case>();
        foreach (string one in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = one.Split('|');
            int eq = parts[0].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidOperationException($"--pwsh-cases: '{one}' is not name=path.psd1[|K=V…]");
            }

            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string kv in parts.Skip(1))
            {
                int e = kv.IndexOf('=', StringComparison.Ordinal);
                env[kv[..e]] = kv[(e + 1)..];
            }

            string path = Path.GetFullPath(parts[0][(eq + 1)..]);
            cases.Add(File.Exists(path) ? new Case(parts[0][..eq], path, env) : throw new InvalidOperationException($"--pwsh-cases: {path} does not exist"));
        }

        return cases;
    }

    /// <summary>
    /// <paramref name="rounds"/> rounds over every case of <paramref name="spec"/>, each run after <paramref name="prepare"/>
    /// (a recorded backup and new loads); prints each run and returns the RESULT lines, or null when a run found other
    /// than <paramref name="changed"/> partitions.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> RunCasesAsync(int rounds, string spec, string pwsh, Func<Task> prepare, int port, string endpoint, string region, int changed)
    {
        IReadOnlyList<Case> cases = rounds > 0 ? ParseCases(spec) : Array.Empty<Case>();
        var runs = cases.ToDictionary(c => c, _ => (Runs: new List<Result>(), Loads: new List<string>()));
        for (int round = 0; round < rounds; round++)
        {
            foreach (Case c in cases)
            {
                await prepare();
                string load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
                Result r = await RunAsync(pwsh, c, port, "plan_repo", "bench_plan", endpoint, region);
                Console.WriteLine($"fresh pwsh {round + 1}, {c.Name}: {Describe(r)}; load {load}");
                if (r.Found != changed)
                {
                    Console.Error.WriteLine($"in a fresh pwsh ({c.Name}), Get-SrPartition -Changed found {r.Found} changed partitions, expected {changed}");
                    return null;
                }

                runs[c].Runs.Add(r);
                runs[c].Loads.Add(load);
            }
        }

        return cases.Select(c => Summary(c, runs[c].Runs, runs[c].Loads)).ToList();
    }

    public static async Task<Result> RunAsync(string pwsh, Case c, int port, string repository, string database, string endpoint, string region)
    {
        string script = Path.Combine(Path.GetTempPath(), "incbench-fresh-plan.ps1");
        await File.WriteAllTextAsync(script, Script);
        var start = new ProcessStartInfo(pwsh) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-NoProfile", "-NonInteractive", "-File", script, c.Module, port.ToString(CultureInfo.InvariantCulture), repository, database, endpoint, region })
        {
            start.ArgumentList.Add(a);
        }

        foreach (KeyValuePair<string, string> kv in c.Environment)
        {
            start.Environment[kv.Key] = kv.Value;
        }

        var wall = Stopwatch.StartNew();
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {pwsh}");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync(), stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        double wallMs = wall.Elapsed.TotalMilliseconds;
        string? line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"the pwsh plan ({c.Name}) failed (exit {child.ExitCode}): {await stdout}{await stderr}");
        }

        string[] f = line.Substring(Marker.Length).Trim().Split(' ');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        (int, double) J(int i) => (int.Parse(f[i], CultureInfo.InvariantCulture), D(i + 1));
        return new Result(wallMs, D(0), D(1), D(2), int.Parse(f[3], CultureInfo.InvariantCulture), f[4], J(5), J(7), J(9), J(11), D(13), int.Parse(f[14], CultureInfo.InvariantCulture), D(15));
    }

    public static string Describe(Result r) =>
        FormattableString.Invariant($"process wall {r.Wall:F0} ms: import {r.Import:F0} ms (JIT +{r.ImportJit.Methods - r.StartJit.Methods} methods, {r.ImportJit.Ms - r.StartJit.Ms:F0} ms), ") +
        FormattableString.Invariant($"connect {r.Connect:F0} ms (JIT +{r.ConnectJit.Methods - r.ImportJit.Methods}, {r.ConnectJit.Ms - r.ImportJit.Ms:F0} ms), ") +
        FormattableString.Invariant($"plan {r.Plan:F0} ms (JIT +{r.PlanJit.Methods - r.ConnectJit.Methods}, {r.PlanJit.Ms - r.ConnectJit.Ms:F0} ms; process CPU {r.PlanCpu:F0} ms; {r.PlanGen0} gen0 GCs, {r.PlanAllocatedMb:F0} MB allocated); Core loaded from {r.CoreFolder}/; changed found {r.Found}");

    /// <summary>The RESULT line of one case: median (min–max) of the plan, the import, the connect and the process wall.</summary>
    public static string Summary(Case c, IReadOnlyList<Result> runs, IReadOnlyList<string> loads)
    {
        static string Stat(IEnumerable<double> xs)
        {
            var v = xs.OrderBy(x => x).ToList();
            return FormattableString.Invariant($"median {v[v.Count / 2] / 1000:F2} s (min {v[0] / 1000:F2}, max {v[^1] / 1000:F2})");
        }

        string env = c.Environment.Count == 0 ? string.Empty : " with " + string.Join(" ", c.Environment.Select(kv => $"{kv.Key}={kv.Value}"));
        return $"RESULT fresh pwsh, case {c.Name}{env} (Import-Module {c.Module}; Get-SrPartition -Changed after a recorded backup; Core from {string.Join("/", runs.Select(r => r.CoreFolder).Distinct())}/), {runs.Count} processes: " +
               $"plan {Stat(runs.Select(r => r.Plan))} (target <= 1 s: {(runs.Select(r => r.Plan).OrderBy(x => x).ElementAt(runs.Count / 2) <= 1000 ? "met" : "NOT met")}); " +
               $"import {Stat(runs.Select(r => r.Import))}; connect {Stat(runs.Select(r => r.Connect))}; whole process {Stat(runs.Select(r => r.Wall))}; " +
               $"JIT-compiled methods in the plan median {runs.Select(r => r.PlanJit.Methods - r.ConnectJit.Methods).OrderBy(x => x).ElementAt(runs.Count / 2)}; load {loads[0]} .. {loads[^1]}";
    }
}
