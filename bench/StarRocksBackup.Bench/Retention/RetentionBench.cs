using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Storage;
using Deletion = StarRocksBackup.Core.Retention;
using StarRocksBackup.Core.Verification;

namespace StarRocksBackup.Bench.Retention;

/// <summary>
/// The benchmark of issue 9 (`dotnet run -c Release --project bench/StarRocksBackup.Bench -- retention`): removing a
/// snapshot of N objects the module's way (SnapshotDeletionService: journal, batched DeleteObjects, bounded
/// parallelism) side by side with <c>s3cmd del --recursive</c> on an identical copy in the same run, and verifying a
/// snapshot of M files (SnapshotVerifier, streamed MD5) in a child process whose peak memory is read from the kernel.
/// Prints ratios; asserts nothing about speed.
/// </summary>
internal static class RetentionBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--keep") flags.Add("keep");
            else if (i + 1 < args.Length) o[args[i++].TrimStart('-')] = args[i];
        }

        int Int(string k, int d) => o.TryGetValue(k, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : d;
        if (args.Length > 1 && args[1] == "--help")
        {
            Console.WriteLine("retention [--objects 50000] [--verify-files 100000] [--object-bytes 256] [--parallel 8] [--verify-parallel 8] [--upload-parallel 48] [--s3cmd s3cmd] [--keep] [--verify-existing s3://bucket/prefix/]");
            Console.WriteLine("  --keep: leave the uploaded objects in place (the prefix is printed) so --verify-existing can verify them again without a new upload");
            return 0;
        }

        S3Env s3 = S3Env.FromEnvironment();
        int objects = Int("objects", 50000);
        int verifyFiles = Int("verify-files", 100000);
        int objectBytes = Int("object-bytes", 256);
        int parallel = Int("parallel", ObjectStoreLimits.DefaultParallelRequests);
        int verifyParallel = Int("verify-parallel", ObjectStoreLimits.DefaultParallelRequests);
        int uploadParallel = Int("upload-parallel", 48);
        string s3cmd = o.TryGetValue("s3cmd", out string? c) ? c : "s3cmd";
        bool keep = flags.Contains("keep");
        if (o.TryGetValue("verify-existing", out string? existing))
        {
            // Verify a snapshot a --keep run left (repository "rverify", label "big"); nothing is uploaded or deleted.
            var at = S3Location.Parse(existing);
            Console.WriteLine($"retention bench: verifying the snapshot kept under {at} (no upload, nothing deleted)");
            await VerifyChildOnlyAsync(at, verifyFiles, objectBytes, verifyParallel);
            return 0;
        }

        string prefix = $"bench-retention-{Guid.NewGuid():N}/";
        using var store = new S3ObjectStore(new ObjectStoreOptions { Endpoint = s3.Endpoint, Region = s3.Region, AccessKey = s3.AccessKey, SecretKey = new Secret(s3.SecretKey) });
        var location = S3Location.Parse($"s3://{s3.Bucket}/{prefix}");
        Console.WriteLine($"retention bench: {objects} objects to remove (x2), {verifyFiles} files to verify, {objectBytes} B each; prefix s3://{s3.Bucket}/{prefix}");
        try
        {
            if (objects > 0) await DeletionAsync(store, s3, location, objects, objectBytes, parallel, uploadParallel, s3cmd);
            if (verifyFiles > 0) await VerifyAsync(store, s3, location, verifyFiles, objectBytes, verifyParallel, uploadParallel);
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine($"--keep: the objects stay under s3://{s3.Bucket}/{prefix} (verify again: --verify-existing s3://{s3.Bucket}/{prefix}; delete them afterwards)");
            }
            else
            {
                var left = (await store.ListAsync(s3.Bucket, prefix, null, default)).Objects.Select(x => x.Key).ToList();
                await store.DeleteObjectsAsync(s3.Bucket, left, 8, default);
                Console.WriteLine($"cleanup: deleted {left.Count} leftover object(s) under the prefix");
            }
        }

        return 0;
    }

    private static async Task DeletionAsync(S3ObjectStore store, S3Env s3, S3Location location, int objects, int objectBytes, int parallel, int uploadParallel, string s3cmd)
    {
        var mine = new RepositoryStorage(store, location, "rmodule");
        var theirs = new RepositoryStorage(store, location, "rs3cmd");
        string mineFolder = mine.SnapshotFolder("big").Prefix;
        string theirFolder = theirs.SnapshotFolder("big").Prefix;
        var sw = Stopwatch.StartNew();
        await SyntheticSnapshot.UploadAsync(store, s3.Bucket, new[] { mineFolder, theirFolder }, SyntheticSnapshot.Objects("big", objects - 2, objectBytes, seed: 9), uploadParallel);
        Console.WriteLine($"setup: two identical snapshots of {objects} objects uploaded in {sw.Elapsed.TotalSeconds:0.0} s");

        // Module: plan (list the folder, read the journal) + execute (journal, info, meta, data in DeleteObjects batches, check, journal).
        long before = store.RequestsSent;
        sw.Restart();
        var service = new Deletion.SnapshotDeletionService(mine, parallel);
        Deletion.SnapshotDeletionPlan plan = await service.PlanAsync("big", null, default);
        Deletion.SnapshotRemovalResult result = await service.ExecuteAsync(plan, null, default);
        double moduleSeconds = sw.Elapsed.TotalSeconds;
        long moduleRequests = store.RequestsSent - before;
        int moduleLeft = (await store.ListAsync(s3.Bucket, mineFolder, null, default)).Objects.Count;

        // s3cmd on the identical copy; -d logs every request ("Sending request method_string=..."), which is how they are counted.
        string cfg = Path.Combine(Path.GetTempPath(), $"srb-bench-s3cfg-{Guid.NewGuid():N}");
        var endpoint = new Uri(s3.Endpoint);
        File.WriteAllText(cfg, $"[default]\naccess_key = {s3.AccessKey}\nsecret_key = {s3.SecretKey}\nhost_base = {endpoint.Authority}\nhost_bucket = {endpoint.Authority}\nuse_https = {(endpoint.Scheme == "https" ? "True" : "False")}\nsignature_v2 = False\nbucket_location = {s3.Region}\n");
        int theirRequests = 0;
        double theirSeconds;
        try
        {
            var psi = new ProcessStartInfo(s3cmd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in new[] { "-c", cfg, "-d", "del", "--recursive", $"s3://{s3.Bucket}/{theirFolder}" }) psi.ArgumentList.Add(a);
            sw.Restart();
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("s3cmd did not start");
            Task<int> count = Task.Run(() => CountRequests(p.StandardError));
            Task drain = p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            theirRequests = await count;
            await drain;
            theirSeconds = sw.Elapsed.TotalSeconds;
            if (p.ExitCode != 0) throw new InvalidOperationException($"s3cmd exited with {p.ExitCode}");
        }
        finally
        {
            File.Delete(cfg);
        }

        int theirLeft = (await store.ListAsync(s3.Bucket, theirFolder, null, default)).Objects.Count;
        Console.WriteLine();
        Console.WriteLine($"remove a snapshot of {objects} objects ({objects * (long)objectBytes / 1024} KiB), same run, identical copies:");
        Console.WriteLine($"  module  {moduleSeconds,7:0.00} s  {moduleRequests,6} requests  {(double)moduleRequests / objects:0.0000} requests/object  {result.ObjectsDeleted} deleted, {moduleLeft} left  (ThrottleLimit {parallel})");
        Console.WriteLine($"  s3cmd   {theirSeconds,7:0.00} s  {theirRequests,6} requests  {(double)theirRequests / objects:0.0000} requests/object  {theirLeft} left  (s3cmd -d del --recursive)");
        Console.WriteLine($"  ratio module/s3cmd: time {moduleSeconds / theirSeconds:0.00}, requests {(double)moduleRequests / Math.Max(1, theirRequests):0.00}");
    }

    private static int CountRequests(StreamReader stderr)
    {
        int n = 0;
        string? line;
        while ((line = stderr.ReadLine()) is not null)
        {
            if (line.Contains("Sending request method_string=", StringComparison.Ordinal)) n++;
        }

        return n;
    }

    private static async Task VerifyAsync(S3ObjectStore store, S3Env s3, S3Location location, int files, int objectBytes, int parallel, int uploadParallel)
    {
        var repo = new RepositoryStorage(store, location, "rverify");
        var sw = Stopwatch.StartNew();
        await SyntheticSnapshot.UploadAsync(store, s3.Bucket, new[] { repo.SnapshotFolder("big").Prefix }, SyntheticSnapshot.Objects("big", files, objectBytes, seed: 11), uploadParallel);
        Console.WriteLine();
        Console.WriteLine($"setup: a snapshot of {files} data files uploaded in {sw.Elapsed.TotalSeconds:0.0} s");
        await VerifyChildOnlyAsync(location, files, objectBytes, parallel);
    }

    private static async Task VerifyChildOnlyAsync(S3Location location, int files, int objectBytes, int parallel)
    {
        // A fresh process, so its peak resident memory is the verification's alone.
        string self = typeof(RetentionBench).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { self, "retention-verify", location.ToString(), parallel.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("the verify child did not start");
        string output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"the verify child failed ({p.ExitCode}): {output}");
        using JsonDocument doc = JsonDocument.Parse(output.Trim().Split('\n').Last());
        JsonElement r = doc.RootElement;
        double seconds = r.GetProperty("seconds").GetDouble();
        int checkedObjects = r.GetProperty("objects").GetInt32();
        double peakMb = r.GetProperty("peakMiB").GetDouble();
        Console.WriteLine($"verify a snapshot of {files} data files ({r.GetProperty("bytes").GetInt64() / 1024} KiB), ThrottleLimit {parallel}, fresh process, load average before/after {r.GetProperty("loadBefore").GetString()} / {r.GetProperty("loadAfter").GetString()}:");
        Console.WriteLine($"  {checkedObjects} objects MD5-checked in {seconds:0.00} s = {checkedObjects / seconds:0} objects/s; passed {r.GetProperty("passed").GetBoolean()}, findings {r.GetProperty("findings").GetInt32()}");
        Console.WriteLine($"  peak resident memory (VmHWM) {peakMb:0.0} MiB, managed heap after {r.GetProperty("heapMiB").GetDouble():0.0} MiB; target <= 150 MB: ratio {peakMb * 1048576 / 150e6:0.00} of the target");
        if (r.TryGetProperty("baselineMiB", out JsonElement b))
        {
            Console.WriteLine($"  of which: baseline before verifying (runtime + AWS SDK, one request made) {b.GetDouble():0.0} MiB; managed heap peak {r.GetProperty("peakHeapMiB").GetDouble():0.0} MiB, GC committed peak {r.GetProperty("peakCommittedMiB").GetDouble():0.0} MiB (sampled every 50 ms); GC {r.GetProperty("gc").GetString()}");
        }

        if (r.TryGetProperty("peakThreads", out JsonElement t))
        {
            Console.WriteLine($"  threads (sampled every 50 ms): {r.GetProperty("baselineThreads").GetInt32()} before verifying, peak {t.GetInt32()} ({r.GetProperty("threadsAtPeakRss").GetInt32()} when the resident set peaked), thread-pool peak {r.GetProperty("peakPoolThreads").GetInt32()}, pool minimum {r.GetProperty("minPoolThreads").GetInt32()}");
        }
    }

    /// <summary>The child: verify, then print one JSON line with time and the kernel's peak resident set.</summary>
    public static async Task<int> VerifyChildAsync(string[] args)
    {
        S3Env s3 = S3Env.FromEnvironment();
        var location = S3Location.Parse(args[1]);
        int parallel = int.Parse(args[2], CultureInfo.InvariantCulture);
        using var store = new S3ObjectStore(new ObjectStoreOptions { Endpoint = s3.Endpoint, Region = s3.Region, AccessKey = s3.AccessKey, SecretKey = new Secret(s3.SecretKey) });
        var repo = new RepositoryStorage(store, location, "rverify");

        // The baseline: the runtime with the AWS SDK loaded and its request path compiled (one small request), before
        // the verification holds anything. What the verification adds is the peak minus this.
        await store.ExistsAsync(location.Bucket, location.Prefix + "no-such-object", default);
        double baseline = PeakResidentMiB();

        // Sampled every 50 ms: the managed heap's peak size and the peak memory the GC had committed; the process's
        // OS threads (/proc/self/status Threads:) and thread-pool threads at their peak and when the resident set peaked.
        long peakHeap = 0, peakCommitted = 0;
        int baselineThreads = ProcStatus("Threads:");
        int peakThreads = baselineThreads, peakPoolThreads = ThreadPool.ThreadCount, threadsAtPeakRss = baselineThreads;
        long peakRssKiB = 0;
        using var sampling = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                peakCommitted = Math.Max(peakCommitted, GC.GetGCMemoryInfo().TotalCommittedBytes);
                int threads = ProcStatus("Threads:");
                int rss = ProcStatus("VmRSS:");
                peakThreads = Math.Max(peakThreads, threads);
                peakPoolThreads = Math.Max(peakPoolThreads, ThreadPool.ThreadCount);
                if (rss > peakRssKiB)
                {
                    peakRssKiB = rss;
                    threadsAtPeakRss = threads;
                }

                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        string loadBefore = LoadAverage();
        var sw = Stopwatch.StartNew();
        SnapshotVerificationResult result = await new SnapshotVerifier(repo, parallel).VerifyAsync("big", SyntheticSnapshot.Timestamp, null, default);
        double seconds = sw.Elapsed.TotalSeconds;
        sampling.Cancel();
        await sampler;
        double heap = GC.GetTotalMemory(false) / 1048576.0;
        double peak = PeakResidentMiB();
        string gc = $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {System.Runtime.GCSettings.LatencyMode} (Interactive = concurrent GC on, Batch = off)";
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seconds, objects = result.ObjectsChecked, bytes = result.BytesChecked, passed = result.Passed, findings = result.FindingCount,
            peakMiB = peak, heapMiB = heap, baselineMiB = baseline, peakHeapMiB = peakHeap / 1048576.0, peakCommittedMiB = peakCommitted / 1048576.0,
            gc, loadBefore, loadAfter = LoadAverage(),
            baselineThreads, peakThreads, peakPoolThreads, threadsAtPeakRss, minPoolThreads = MinPoolThreads(),
        }));
        if (Environment.GetEnvironmentVariable("SRB_BENCH_MALLOC_STATS") == "1")
        {
            MallocStats(); // glibc's per-arena figures, to stderr (diagnosis only)
        }
        return 0;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_stats")]
    private static extern void MallocStats();

    private static int MinPoolThreads()
    {
        ThreadPool.GetMinThreads(out int workers, out _);
        return workers;
    }

    /// <summary>A number field of /proc/self/status (kB for sizes), 0 where there is none.</summary>
    private static int ProcStatus(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return 0;
        }

        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return int.Parse(line.Substring(field.Length).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double PeakResidentMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
