using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using StarRocksBackup.Internal;

namespace StarRocksBackup
{
    /// <summary>
    /// Runs once per import, before any cmdlet: isolates Core and its dependencies in their own
    /// AssemblyLoadContext on PowerShell 7, or serves them by simple name on Windows PowerShell 5.1.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private const string IsolationAssembly = "StarRocksBackup.Isolation.dll";

        private static readonly string s_moduleDirectory =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        internal static string DependencyDirectory { get; } = Path.Combine(s_moduleDirectory, "dependencies");

        internal static bool IsCoreClr { get; } =
            typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") is not null;

        /// <inheritdoc />
        public void OnImport()
        {
            if (!Directory.Exists(DependencyDirectory))
            {
                // Flat developer layout (bin/): Core sits beside this assembly and loads normally.
                return;
            }

            if (IsCoreClr)
            {
                if (Environment.Version.Major < 8)
                {
                    throw new PlatformNotSupportedException(
                        $"StarRocksBackup needs PowerShell 7.4 or later (.NET 8+) or Windows PowerShell 5.1; this is .NET {Environment.Version}.");
                }

                // The isolation assembly targets net8.0, so it is loaded by path here and never
                // referenced at compile time.
                Assembly isolation = Assembly.LoadFrom(Path.Combine(s_moduleDirectory, IsolationAssembly));
                MethodInfo register = isolation.GetType("StarRocksBackup.Isolation.DependencyIsolation", throwOnError: true)!
                    .GetMethod("Register")
                    ?? throw new MissingMethodException("StarRocksBackup.Isolation.DependencyIsolation", "Register");
                register.Invoke(null, new object[] { DependencyDirectory });
            }
            else
            {
                NetFrameworkResolver.Register(DependencyDirectory);
            }
        }

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo) => NetFrameworkResolver.Unregister();
    }
}
