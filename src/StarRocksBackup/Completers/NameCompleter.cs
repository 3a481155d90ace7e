using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Internal;

namespace StarRocksBackup.Completers
{
    /// <summary>
    /// Shared logic of the server-backed completers. Completion runs while the user types, so it must be quick
    /// and must never throw: a hard timeout, a short per-connection cache, and an empty list on any failure.
    /// </summary>
    public abstract class NameCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan s_cacheLifetime = TimeSpan.FromSeconds(30);
        private static readonly ConditionalWeakTable<SrConnection, ConcurrentDictionary<string, CacheEntry>> s_cache =
            new ConditionalWeakTable<SrConnection, ConcurrentDictionary<string, CacheEntry>>();

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            List<CompletionResult> results = new List<CompletionResult>();
            try
            {
                SrConnection? connection = ResolveConnection(fakeBoundParameters);
                if (connection is null)
                {
                    return results;
                }

                string? scope = Scope(fakeBoundParameters);
                if (scope is null && NeedsScope)
                {
                    return results;
                }

                string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
                WildcardPattern pattern = WildcardPattern.Get(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
                foreach (string name in Names(connection, scope ?? string.Empty).Where(n => pattern.IsMatch(n)).OrderBy(n => n, StringComparer.OrdinalIgnoreCase))
                {
                    results.Add(new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name));
                }
            }
#pragma warning disable CA1031 // Completion must never throw into the user's typing.
            catch (Exception)
#pragma warning restore CA1031
            {
                results.Clear();
            }

            return results;
        }

        /// <summary>True when <see cref="Scope"/> must be known (snapshot names need the repository).</summary>
        private protected virtual bool NeedsScope => false;

        /// <summary>Another bound parameter the list depends on (the repository, for snapshots).</summary>
        private protected virtual string? Scope(IDictionary fakeBoundParameters) => null;

        /// <summary>Asks the server for the names.</summary>
        private protected abstract Task<IReadOnlyList<string>> FetchAsync(SrConnection connection, string scope, CancellationToken cancellationToken);

        /// <summary>Reads a string parameter the user already typed.</summary>
        private protected static string? BoundString(IDictionary fakeBoundParameters, string name)
        {
            object? value = fakeBoundParameters?.Contains(name) == true ? fakeBoundParameters[name] : null;
            if (value is PSObject ps)
            {
                value = ps.BaseObject;
            }

            return value is string s && s.Length > 0 ? s : null;
        }

        /// <summary>Single-quotes a name unless it is a plain word.</summary>
        internal static string Quote(string name) =>
            name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
                && !char.IsDigit(name[0]) && name[0] != '-'
                ? name
                : "'" + name.Replace("'", "''") + "'";

        private static SrConnection? ResolveConnection(IDictionary fakeBoundParameters)
        {
            object? value = fakeBoundParameters?.Contains("Connection") == true ? fakeBoundParameters["Connection"] : null;
            if (value is PSObject ps)
            {
                value = ps.BaseObject;
            }

            return value as SrConnection ?? ConnectionRegistry.Current;
        }

        private IReadOnlyList<string> Names(SrConnection connection, string scope)
        {
            ConcurrentDictionary<string, CacheEntry> perConnection = s_cache.GetValue(connection, _ => new ConcurrentDictionary<string, CacheEntry>());
            string key = GetType().Name + "\u0001" + scope;
            if (perConnection.TryGetValue(key, out CacheEntry? cached) && DateTime.UtcNow - cached.At < s_cacheLifetime)
            {
                return cached.Names;
            }

            using CancellationTokenSource cts = new CancellationTokenSource(s_timeout);
            Task<IReadOnlyList<string>> fetch = Task.Run(() => FetchAsync(connection, scope, cts.Token));
            if (!fetch.Wait(s_timeout) || fetch.Status != TaskStatus.RanToCompletion)
            {
                // Late or failed: serve what we had, never an exception.
                _ = fetch.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                return cached?.Names ?? Array.Empty<string>();
            }

            CacheEntry entry = new CacheEntry(DateTime.UtcNow, fetch.Result);
            perConnection[key] = entry;
            return entry.Names;
        }

        private sealed class CacheEntry
        {
            public CacheEntry(DateTime at, IReadOnlyList<string> names)
            {
                At = at;
                Names = names;
            }

            public DateTime At { get; }

            public IReadOnlyList<string> Names { get; }
        }
    }
}
