using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Windows PowerShell 5.1 has one load context: if another module loaded an older AWSSDK.Core
    /// first, ours cannot load beside it. Say so once per session instead of failing obscurely later.
    /// </summary>
    internal static class DependencyCheck
    {
        private const string AwsCore = "AWSSDK.Core";
        private static int s_checked;

        public static void WarnOnce(Cmdlet cmdlet)
        {
            if (ModuleInitializer.IsCoreClr || Interlocked.Exchange(ref s_checked, 1) == 1)
            {
                return;
            }

            string? warning = FindConflict();
            if (warning is not null)
            {
                cmdlet.WriteWarning(warning);
            }
        }

        private static string? FindConflict()
        {
            try
            {
                string ours = Path.Combine(ModuleInitializer.DependencyDirectory, AwsCore + ".dll");
                if (!File.Exists(ours))
                {
                    return null;
                }

                Assembly? loaded = AppDomain.CurrentDomain.GetAssemblies()
                    .FirstOrDefault(a => string.Equals(a.GetName().Name, AwsCore, StringComparison.OrdinalIgnoreCase));
                if (loaded is null || string.IsNullOrEmpty(loaded.Location)
                    || string.Equals(Path.GetFullPath(loaded.Location), Path.GetFullPath(ours), StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                Version loadedVersion = FileVersion(loaded.Location);
                Version needed = FileVersion(ours);
                return loadedVersion < needed
                    ? $"{AwsCore} {loadedVersion} loaded by another module is older than the {needed} this module needs; import StarRocksBackup first or use PowerShell 7."
                    : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is FormatException)
            {
                return null;
            }
        }

        private static Version FileVersion(string path)
        {
            FileVersionInfo info = FileVersionInfo.GetVersionInfo(path);
            return new Version(info.FileMajorPart, info.FileMinorPart, info.FileBuildPart, info.FilePrivatePart);
        }
    }
}
