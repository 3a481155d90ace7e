using System.Diagnostics;
using StarRocksBackup.Simulator;
using SimBackupJob = StarRocksBackup.Simulator.Fe.BackupJob;

/// <summary>
/// The floor of the policy scenario: what StarRocks itself allows for the same jobs. A client that does nothing but
/// back up — one connection per database already open, every statement already built, no planning, no catalog — sends
/// every BACKUP at once and notices each job's end the instant it happens (read from the simulator's engine, no polling).
/// Its wall is the last job's end minus the moment it started sending: the server's submission queue (StarRocks takes
/// BACKUPs one at a time, and each lists the repository) plus the longest job. No client can do better, so
/// <c>floor ÷ longest job</c> is the best ratio any client can reach on this server, and <c>module ÷ floor</c> is the
/// module's own cost.
/// </summary>
internal static class PolicyFloor
{
    public static async Task<(double Wall, double Ideal, double LastCreated)> RunAsync(StarRocksSimulator sim, IReadOnlyList<string> databases, string repository)
    {
        string label = "floor_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var connections = new List<MySqlConnector.MySqlConnection>();
        try
        {
            foreach (string _ in databases)
            {
                var c = new MySqlConnector.MySqlConnection($"Server={sim.Host};Port={sim.Port};User Id=root;Password=;SslMode=None;Default Command Timeout=600;Pooling=false");
                await c.OpenAsync();
                connections.Add(c);
            }

            var commands = databases.Select((db, i) =>
            {
                MySqlConnector.MySqlCommand cmd = connections[i].CreateCommand();
                cmd.CommandText = $"BACKUP SNAPSHOT `{db}`.`{label}` TO `{repository}`";
                return cmd;
            }).ToList();
            long startMs = sim.Engine.Context.Clock.NowMs;
            await Task.WhenAll(commands.Select(cmd => Task.Run(() => cmd.ExecuteNonQueryAsync())));
            var jobs = new List<SimBackupJob>();
            foreach (string db in databases)
            {
                jobs.Add((SimBackupJob)sim.Engine.Context.Jobs.LastJob(db)!);
            }

            var spin = Stopwatch.StartNew();
            while (jobs.Any(j => !j.IsDone))
            {
                if (spin.Elapsed > TimeSpan.FromMinutes(30))
                {
                    throw new TimeoutException("the floor's jobs did not end in 30 minutes");
                }

                await Task.Delay(5);
            }

            if (jobs.Any(j => j.StateName != "FINISHED"))
            {
                throw new InvalidOperationException("a floor job did not finish: " + string.Join(", ", jobs.Where(j => j.StateName != "FINISHED").Select(j => j.DbName + " " + j.StateName)));
            }

            lock (sim.Engine.Context.Catalog.Gate)
            {
                return (jobs.Max(j => j.FinishedTimeMs) - startMs, jobs.Max(j => j.FinishedTimeMs - j.CreateTimeMs), jobs.Max(j => j.CreateTimeMs) - startMs);
            }
        }
        finally
        {
            foreach (MySqlConnector.MySqlConnection c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }
}
