using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Policy;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Commands
{
    /// <summary>Writes a commented starter backup policy (YAML) for Invoke-SrBackupPolicy.</summary>
    [Cmdlet(VerbsCommon.New, "SrBackupPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class NewSrBackupPolicyCommand : SrCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Repository { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Database { get; set; } = Array.Empty<string>();

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            string yaml = PolicyTemplate.Render(Repository, Database);
            try
            {
                // Prove the starter parses before it is written.
                PolicyLoader.Parse(yaml, System.IO.Path.GetFileName(path));
            }
            catch (StarRocksBackupException ex)
            {
                WriteError(Errors.From(ex, Database));
                return;
            }

            if (File.Exists(path) && !Force)
            {
                WriteError(Errors.From(new StarRocksBackupException(ErrorKind.InvalidArgument, $"The file '{path}' exists; pass -Force to overwrite it."), path));
                return;
            }

            if (!ShouldProcess(path, $"Write a starter backup policy for repository '{Repository}' and database(s) {string.Join(", ", Database.Select(d => "'" + d + "'"))}"))
            {
                return;
            }

            File.WriteAllText(path, yaml);
            WriteObject(new FileInfo(path));
        }
    }
}
