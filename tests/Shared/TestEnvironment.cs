// Shared by every xunit project (linked, not referenced): what a test needs from the machine,
// and attributes that skip a test with a message naming what is missing.
//
// Rule: under CI (CI=true) nothing that CI provides may be skipped. A missing S3 server or mysql
// client there is a failure of the environment, so these attributes do not skip and the test
// fails loudly instead of passing silently.
using System.Diagnostics;
using Xunit;

namespace StarRocksBackup.Tests;

/// <summary>The S3 server the test run started (tests/tools/s3-server.sh exports S3_*).</summary>
public sealed record S3Settings(string Endpoint, string AccessKey, string SecretKey, string Region, string Bucket)
{
    /// <summary>A unique key prefix so tests sharing the bucket never see each other's objects.</summary>
    public static string UniquePrefix(string tag) => $"t-{tag}-{Guid.NewGuid():N}".ToLowerInvariant();
}

public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static S3Settings? S3 { get; } = ReadS3();

    /// <summary>The S3 settings, or an exception naming what is missing (for tests marked [S3Fact]).</summary>
    public static S3Settings RequireS3() =>
        S3 ?? throw new InvalidOperationException(
            "S3 server not configured: S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET are unset. Run the suite through tests/run.sh.");

    public static string? MysqlClientPath { get; } = FindOnPath("mysql");

    private static S3Settings? ReadS3()
    {
        string? endpoint = Environment.GetEnvironmentVariable("S3_ENDPOINT");
        string? access = Environment.GetEnvironmentVariable("S3_ACCESS_KEY");
        string? secret = Environment.GetEnvironmentVariable("S3_SECRET_KEY");
        string? bucket = Environment.GetEnvironmentVariable("S3_BUCKET");
        string region = Environment.GetEnvironmentVariable("S3_REGION") ?? "us-east-1";
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(bucket))
        {
            return null;
        }

        return new S3Settings(endpoint!, access!, secret!, region, bucket!);
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }
}

/// <summary>A fact that needs the S3 server: skipped (with the reason) outside CI when it is not configured.</summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute()
    {
        if (TestEnvironment.S3 is null && !TestEnvironment.IsCi)
        {
            Skip = "needs the S3 server: S3_ENDPOINT/S3_ACCESS_KEY/S3_SECRET_KEY/S3_BUCKET are unset (run tests/run.sh, which starts tests/tools/s3-server.sh)";
        }
    }
}

/// <summary>A theory that needs the S3 server (see <see cref="S3FactAttribute"/>).</summary>
public sealed class S3TheoryAttribute : TheoryAttribute
{
    public S3TheoryAttribute()
    {
        if (TestEnvironment.S3 is null && !TestEnvironment.IsCi)
        {
            Skip = "needs the S3 server: S3_ENDPOINT/S3_ACCESS_KEY/S3_SECRET_KEY/S3_BUCKET are unset (run tests/run.sh, which starts tests/tools/s3-server.sh)";
        }
    }
}

/// <summary>A fact that needs the Debian `mysql` command-line client (package mariadb-client).</summary>
public sealed class MysqlClientFactAttribute : FactAttribute
{
    public MysqlClientFactAttribute()
    {
        if (TestEnvironment.MysqlClientPath is null && !TestEnvironment.IsCi)
        {
            Skip = "needs the `mysql` command-line client (Debian package mariadb-client), which is not on PATH";
        }
    }
}

/// <summary>A theory that needs the Debian `mysql` command-line client (see <see cref="MysqlClientFactAttribute"/>).</summary>
public sealed class MysqlClientTheoryAttribute : TheoryAttribute
{
    public MysqlClientTheoryAttribute()
    {
        if (TestEnvironment.MysqlClientPath is null && !TestEnvironment.IsCi)
        {
            Skip = "needs the `mysql` command-line client (Debian package mariadb-client), which is not on PATH";
        }
    }
}

/// <summary>Runs a process to completion with a time limit; returns exit code and output.</summary>
public static class ProcessRunner
{
    public static (int ExitCode, string StdOut, string StdErr) Run(string file, IEnumerable<string> args, TimeSpan timeout, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
