using System;
using System.IO;
using System.Runtime.InteropServices;

namespace StarRocksBackup.Isolation;

/// <summary>
/// Which ahead-of-time compiled copy of the dependencies to load, if any. A module assembled with
/// <c>-p:ReadyToRunRid=linux-x64;win-x64</c> carries, beside the portable <c>dependencies/</c>, one folder per runtime
/// identifier and .NET major version (<c>dependencies/runtimes/linux-x64/net10.0/</c> …) with the same assemblies
/// ReadyToRun-compiled for it. A runtime uses ReadyToRun code only in the format of its own major version (.NET 8's
/// crossgen2 writes format 9.x, .NET 10's 16.x; .NET 10 ignores 9.x and JIT-compiles everything), so the folder must
/// match both the platform and <see cref="Environment.Version"/>'s major; anything else (or a module assembled without
/// the option) uses the portable files. Pure decisions, no I/O beyond <see cref="Directory.Exists"/>: tests link this file.
/// </summary>
internal static class ReadyToRunSelection
{
    /// <summary>Set to <c>0</c> (or <c>false</c>/<c>off</c>) to load the portable files even where a compiled copy exists.</summary>
    public const string OptOutVariable = "STARROCKSBACKUP_READYTORUN";

    /// <summary>The portable runtime identifier of this process (<c>linux-x64</c>, <c>win-arm64</c> …), or null when it has none we ship.</summary>
    public static string? CurrentRid() =>
        Rid(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : null,
            RuntimeInformation.ProcessArchitecture);

    /// <summary>The RID for an OS prefix and a process architecture, or null for an unknown OS or architecture.</summary>
    public static string? Rid(string? os, Architecture architecture)
    {
        string? arch = architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => null,
        };
        return os is null || arch is null ? null : os + "-" + arch;
    }

    /// <summary>True unless <paramref name="optOut"/> (the value of <see cref="OptOutVariable"/>) says no.</summary>
    public static bool Enabled(string? optOut) =>
        optOut is null || !(optOut.Trim() is "0" || optOut.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || optOut.Trim().Equals("off", StringComparison.OrdinalIgnoreCase));

    /// <summary>The folder of the copy for <paramref name="rid"/> on .NET <paramref name="runtimeMajor"/> (relative to dependencies/).</summary>
    public static string RelativeFolder(string rid, int runtimeMajor) =>
        Path.Join("runtimes", rid, "net" + runtimeMajor.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0");

    /// <summary>
    /// The folder of compiled copies to try before <paramref name="dependencyDirectory"/>:
    /// <c>&lt;dependencies&gt;/runtimes/&lt;rid&gt;/net&lt;major&gt;.0</c> when it exists and the opt-out variable does not say no; else null.
    /// </summary>
    public static string? Select(string dependencyDirectory, string? rid, int runtimeMajor, string? optOut)
    {
        if (rid is null || !Enabled(optOut))
        {
            return null;
        }

        string candidate = Path.Join(dependencyDirectory, RelativeFolder(rid, runtimeMajor));
        return Directory.Exists(candidate) ? candidate : null;
    }
}
