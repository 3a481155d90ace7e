using System;

namespace StarRocksBackup.Internal
{
    /// <summary>Raised by the async bridge when a -TimeoutSeconds budget (not Ctrl+C) cancelled the work.</summary>
    internal sealed class OperationTimedOutException : TimeoutException
    {
        public OperationTimedOutException(int seconds, Exception inner)
            : base($"The operation did not complete within {seconds} second(s).", inner)
        {
            Seconds = seconds;
        }

        public int Seconds { get; }
    }
}
