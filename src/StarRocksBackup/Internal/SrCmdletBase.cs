using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace StarRocksBackup.Internal
{
    /// <summary>
    /// Base of every cmdlet in the module: owns the cancellation source that StopProcessing (Ctrl+C)
    /// cancels and the single sync-over-async bridge. Holds no Core type in its signature, so loading
    /// a cmdlet type never loads Core before the module initializer has set up the load context.
    /// </summary>
    public abstract class SrCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private const int StopGraceSeconds = 5;
        private bool _disposed;

        /// <summary>Cancelled when the pipeline is stopped.</summary>
        private protected CancellationToken StopToken => _stopping.Token;

        /// <summary>Frees the cancellation source (PowerShell disposes cmdlets after the pipeline ends).</summary>
        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _stopping.Dispose();
                OnDispose();
            }

            GC.SuppressFinalize(this);
        }

        /// <summary>Frees what a cmdlet holds for its whole invocation (called once, also after a terminating error).</summary>
        private protected virtual void OnDispose()
        {
        }

        /// <inheritdoc />
        protected override void BeginProcessing() => DependencyCheck.WarnOnce(this);

        /// <summary>True under -WhatIf (or $WhatIfPreference): nothing will be sent, so the -WhatIf text shows the SQL.</summary>
        private protected bool IsWhatIf() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? value)
                ? LanguagePrimitives.IsTrue(value)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>
        /// <see cref="Cmdlet.ShouldProcess(string, string)"/> that, in a session that cannot prompt, stops the script
        /// with ConfirmationRequired (naming -Confirm:$false) instead of PowerShell's generic NonInteractive error.
        /// </summary>
        private protected bool Confirm(string target, string action) =>
            Prompting(() => ShouldProcess(target, action), action);

        /// <summary>The three-text form (-WhatIf/-Verbose description, confirmation question, caption).</summary>
        private protected bool Confirm(string description, string question, string caption) =>
            Prompting(() => ShouldProcess(description, question, caption), question);

        /// <summary><see cref="Cmdlet.ShouldContinue(string, string)"/> with the same non-interactive handling.</summary>
        private protected bool ConfirmAgain(string query, string caption, string remedy) =>
            Prompting(() => ShouldContinue(query, caption), query, remedy);

        private bool Prompting(System.Func<bool> ask, string what, string? remedy = null)
        {
            try
            {
                return ask();
            }
            catch (System.Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException || ex is System.NotImplementedException)
            {
                // The host cannot read input: pwsh -NonInteractive, a hosted runspace without a UI, Azure Automation.
                string command = MyInvocation.MyCommand?.Name ?? "This command";
                string fix = remedy ?? $"Pass -Confirm:$false to confirm it in advance";
                string message = $"{command} needs confirmation, but this PowerShell session is non-interactive and cannot ask: {what.TrimEnd('?', '.')}. {fix}; nothing was changed.";
                ErrorRecord record = new ErrorRecord(new System.InvalidOperationException(message, ex),
                    // Thrown past the cmdlet rather than through ThrowTerminatingError, so the id gets the usual ",<command type>" here.
                    ErrorIds.ConfirmationRequired + "," + GetType().FullName, ErrorCategory.InvalidOperation, null)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"{fix} (in a runbook, after checking what it will do with -WhatIf)." },
                };
                throw new ConfirmationRequiredException(record);
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing()
        {
            try
            {
                _stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The pipeline already finished.
            }
        }

        /// <summary>
        /// Runs Core's async work on the thread pool while this (pipeline) thread writes what Core
        /// reports. Safe as sync-over-async because no SynchronizationContext is captured on the pool
        /// and Core uses ConfigureAwait(false). Ctrl+C becomes <see cref="PipelineStoppedException"/>;
        /// a <paramref name="timeoutSeconds"/> budget running out becomes <see cref="OperationTimedOutException"/>.
        /// </summary>
        internal T Run<T>(Func<PipelineSink, CancellationToken, Task<T>> work, int timeoutSeconds = 0)
        {
            CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            if (timeoutSeconds > 0)
            {
                linked.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            }

            PipelineSink sink = new PipelineSink();
            Task<T> task = Task.Run(() => work(sink, linked.Token));
            _ = task.ContinueWith(_ => sink.Close(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            try
            {
                if (Pump(sink))
                {
                    throw new PipelineStoppedException();
                }

                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (OperationCanceledException ex) when (linked.IsCancellationRequested)
            {
                throw new OperationTimedOutException(timeoutSeconds, ex);
            }
            finally
            {
                sink.Close();
                CompleteProgress(sink);
                if (task.IsCompleted)
                {
                    linked.Dispose();
                    sink.Dispose();
                }
                else
                {
                    // A Write* threw because the pipeline is stopping: stop the work too. The task may
                    // still touch the token and the sink, so they are left to the GC rather than disposed.
                    linked.Cancel();
                }
            }
        }

        /// <summary>
        /// Writes what Core reports until the work ends. When a write finds the pipeline stopping (Ctrl+C), the work
        /// is cancelled and, for a short grace period, only warnings are still delivered, straight to the host: Core's
        /// "stopped waiting; the server job goes on" notice must reach the user. Returns true when stopped.
        /// </summary>
        private bool Pump(PipelineSink sink)
        {
            bool stopped = false;
            DateTime deadline = DateTime.MaxValue;
            while (true)
            {
                int wait = stopped ? (int)Math.Max(0, (deadline - DateTime.UtcNow).TotalMilliseconds) : Timeout.Infinite;
                if (!sink.TryTake(out PipelineSink.SinkItem item, wait))
                {
                    return stopped;
                }

                if (!stopped)
                {
                    try
                    {
                        item.Write(this);
                        continue;
                    }
                    catch (PipelineStoppedException)
                    {
                        stopped = true;
                        deadline = DateTime.UtcNow.AddSeconds(StopGraceSeconds);
                        StopProcessing();
                    }
                }

                if (item.Warning is not null)
                {
                    WarnHost(item.Warning);
                }
            }
        }

        private void WarnHost(string message)
        {
            try
            {
                Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is NotImplementedException || ex is System.Management.Automation.Host.HostException)
            {
                // The host cannot show it either; nothing more can be done while stopping.
            }
        }

        private void CompleteProgress(PipelineSink sink)
        {
            try
            {
                sink.CompleteOpenProgress(this);
            }
            catch (PipelineStoppedException)
            {
                // Stopping: the host clears progress itself.
            }
        }

        /// <summary>Runs work that returns nothing; see <see cref="Run{T}"/>.</summary>
        internal void Run(Func<PipelineSink, CancellationToken, Task> work, int timeoutSeconds = 0) =>
            Run<bool>(async (sink, ct) =>
            {
                await work(sink, ct).ConfigureAwait(false);
                return true;
            }, timeoutSeconds);

        /// <summary>
        /// Runs work for one input item. An expected failure becomes a non-terminating error targeted at
        /// <paramref name="target"/> (or a terminating one when nothing else can proceed, such as an
        /// unreachable server); returns false so the caller moves to the next item.
        /// </summary>
        internal bool TryRun<T>(Func<PipelineSink, CancellationToken, Task<T>> work, object? target, out T result, int timeoutSeconds = 0)
        {
            try
            {
                result = Run(work, timeoutSeconds);
                return true;
            }
            catch (Exception ex) when (Errors.IsExpected(ex))
            {
                ErrorRecord record = Errors.From(ex, target);
                if (Errors.IsTerminating(ex))
                {
                    ThrowTerminatingError(record);
                }

                WriteError(record);
                result = default!;
                return false;
            }
        }

        /// <summary>Runs work that returns nothing for one input item; see <see cref="TryRun{T}"/>.</summary>
        internal bool TryRun(Func<PipelineSink, CancellationToken, Task> work, object? target, int timeoutSeconds = 0) =>
            TryRun<bool>(async (sink, ct) =>
            {
                await work(sink, ct).ConfigureAwait(false);
                return true;
            }, target, out _, timeoutSeconds);

        /// <summary>Runs work that must succeed for the cmdlet to continue: any expected failure is terminating.</summary>
        internal T RunOrThrow<T>(Func<PipelineSink, CancellationToken, Task<T>> work, object? target, int timeoutSeconds = 0)
        {
            try
            {
                return Run(work, timeoutSeconds);
            }
            catch (Exception ex) when (Errors.IsExpected(ex))
            {
                ThrowTerminatingError(Errors.From(ex, target));
                throw; // unreachable: ThrowTerminatingError always throws
            }
        }
    }
}
