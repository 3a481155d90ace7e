using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Windows PowerShell 5.1 stand-in for binding redirects (powershell.exe cannot have ours): answers
    /// AppDomain.AssemblyResolve from dependencies/ following <see cref="DependencyResolutionPolicy"/>.
    /// </summary>
    internal static class NetFrameworkResolver
    {
        private static readonly object s_gate = new object();
        private static string s_moduleDirectory = string.Empty;
        private static Dictionary<string, DependencyResolutionPolicy.Shipped> s_shipped =
            new Dictionary<string, DependencyResolutionPolicy.Shipped>(StringComparer.OrdinalIgnoreCase);

        private static bool s_registered;

        public static void Register(string directory)
        {
            lock (s_gate)
            {
                var shipped = new Dictionary<string, DependencyResolutionPolicy.Shipped>(StringComparer.OrdinalIgnoreCase);
                foreach (string path in Directory.EnumerateFiles(directory, "*.dll"))
                {
                    AssemblyName name;
                    try
                    {
                        name = AssemblyName.GetAssemblyName(path);   // reads metadata; loads nothing
                    }
                    catch (BadImageFormatException)
                    {
                        continue;
                    }

                    shipped[name.Name ?? Path.GetFileNameWithoutExtension(path)] =
                        new DependencyResolutionPolicy.Shipped(path, name.Version ?? new Version(0, 0, 0, 0));
                }

                s_shipped = shipped;
                s_moduleDirectory = Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)) ?? directory;
                if (!s_registered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                    s_registered = true;
                }
            }
        }

        public static void Unregister()
        {
            lock (s_gate)
            {
                if (s_registered)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                    s_registered = false;
                }
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            Assembly? requesting = args.RequestingAssembly;
            string? location = requesting is null || requesting.IsDynamic ? null : requesting.Location;
            DependencyResolutionPolicy.Decision decision =
                DependencyResolutionPolicy.Decide(args.Name, location, s_moduleDirectory, s_shipped);
            return decision.Path is null ? null : Assembly.LoadFrom(decision.Path);
        }
    }
}
