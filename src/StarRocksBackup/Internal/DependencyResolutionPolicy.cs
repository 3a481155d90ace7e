using System;
using System.Collections.Generic;
using System.IO;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Windows PowerShell 5.1's stand-in for binding redirects: which AssemblyResolve requests the module answers
    /// from dependencies/, and with which file. Pure (no loading, no PowerShell types) so the rules are unit-tested.
    /// </summary>
    internal static class DependencyResolutionPolicy
    {
        /// <summary>A DLL in dependencies/: its path and AssemblyVersion.</summary>
        internal sealed class Shipped
        {
            public Shipped(string path, Version version)
            {
                Path = path;
                Version = version;
            }

            public string Path { get; }

            public Version Version { get; }
        }

        /// <summary>The file to load (null: not ours to answer) and why, for -Debug and the tests.</summary>
        internal sealed class Decision
        {
            public Decision(string? path, string reason)
            {
                Path = path;
                Reason = reason;
            }

            public string? Path { get; }

            public string Reason { get; }
        }

        /// <param name="requestedName">The full name from ResolveEventArgs.Name.</param>
        /// <param name="requestingLocation">Where the requesting assembly was loaded from; null when unknown or dynamic.</param>
        /// <param name="moduleDirectory">The module's version folder (root and dependencies/ below it).</param>
        /// <param name="shipped">dependencies/ by simple name (case-insensitive).</param>
        public static Decision Decide(string requestedName, string? requestingLocation, string moduleDirectory, IReadOnlyDictionary<string, Shipped> shipped)
        {
            var requested = new System.Reflection.AssemblyName(requestedName);
            if (requested.Name is null || !shipped.TryGetValue(requested.Name, out Shipped? ours))
            {
                return new Decision(null, "not shipped in dependencies/");
            }

            Version wanted = requested.Version ?? new Version(0, 0, 0, 0);
            if (requestingLocation is null || requestingLocation.Length == 0)
            {
                // Assembly.Load(string) from anywhere: answer only when our copy satisfies the request, so another
                // module asking for a newer version than ours is not handed an older one.
                return wanted <= ours.Version
                    ? new Decision(ours.Path, $"no requesting assembly; dependencies/ has {ours.Version} >= {wanted}")
                    : new Decision(null, $"no requesting assembly and {wanted} is newer than the {ours.Version} in dependencies/");
            }

            if (!IsUnder(requestingLocation, moduleDirectory))
            {
                // Another module's reference: never hand it our copy (its own resolver or folder serves it).
                return new Decision(null, $"requested by {requestingLocation}, which is not part of this module");
            }

            // Our own assemblies: polyfills are referenced at several versions (System.Memory, System.Buffers, …);
            // one copy serves them all, as a binding redirect would.
            return new Decision(ours.Path, $"requested by this module; dependencies/ has {ours.Version} (requested {wanted})");
        }

        private static bool IsUnder(string path, string directory)
        {
            string full = Path.GetFullPath(path);
            string root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return full.StartsWith(root, StringComparison.OrdinalIgnoreCase);
        }
    }
}
