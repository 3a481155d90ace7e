using System.Management.Automation;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Thrown when a cmdlet must ask for confirmation but the session cannot prompt (pwsh -NonInteractive, Azure
    /// Automation, Task Scheduler). It is an <see cref="ActionPreferenceStopException"/> on purpose: PowerShell treats
    /// that as script-terminating (like <c>-ErrorAction Stop</c>), so the runbook fails with a non-zero exit instead of
    /// skipping the destructive step and carrying on. The record carries the module's ErrorId and the remedy.
    /// </summary>
    internal sealed class ConfirmationRequiredException : ActionPreferenceStopException
    {
        private readonly ErrorRecord _record;

        public ConfirmationRequiredException(ErrorRecord record)
            : base(record.Exception.Message) => _record = record;

        /// <inheritdoc />
        public override ErrorRecord ErrorRecord => _record;
    }
}
