using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Windows PowerShell 5.1 stand-in for binding redirects (powershell.exe cannot have ours):
    /// polyfills such as System.Memory are referenced at several versions, so our copy is served
    /// by simple name whatever version was requested.
    /// </summary>
    internal static class NetFrameworkResolver
    {
        private static readonly object s_gate = new object();
        private static string? s_directory;
        private static HashSet<string> s_shipped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private static bool s_registered;

        public static void Register(string directory)
        {
            lock (s_gate)
            {
                s_directory = directory;
                s_shipped = new HashSet<string>(
                    Directory.EnumerateFiles(directory, "*.dll").Select(Path.GetFileNameWithoutExtension),
                    StringComparer.OrdinalIgnoreCase);
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
            string? name = new AssemblyName(args.Name).Name;
            string? directory = s_directory;
            return name is not null && directory is not null && s_shipped.Contains(name)
                ? Assembly.LoadFrom(Path.Combine(directory, name + ".dll"))
                : null;
        }
    }
}
