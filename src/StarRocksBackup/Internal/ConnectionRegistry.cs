using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// The default connection, kept per runspace (not per process) so that ForEach-Object -Parallel
    /// and hosted runspaces cannot overwrite each other's default.
    /// </summary>
    internal static class ConnectionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, SrConnection> s_defaults = new ConditionalWeakTable<Runspace, SrConnection>();
        private static readonly object s_gate = new object();

        public static SrConnection? Current
        {
            get
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                return runspace is not null && s_defaults.TryGetValue(runspace, out SrConnection? connection) ? connection : null;
            }
        }

        public static void SetCurrent(SrConnection? connection)
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace is null)
            {
                return;
            }

            lock (s_gate)
            {
                // ConditionalWeakTable.AddOrUpdate is not in netstandard2.0.
                s_defaults.Remove(runspace);
                if (connection is not null)
                {
                    s_defaults.Add(runspace, connection);
                }
            }
        }
    }
}
