using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Connection;
using StarRocksBackup.Core.Model;

namespace StarRocksBackup.Core.Catalog
{
    /// <summary>
    /// Views, asynchronous materialized views, functions and external catalogs: what a 3.4+ snapshot can hold besides tables.
    /// Views are the VIEW rows of <c>SHOW FULL TABLES</c> that <c>SHOW MATERIALIZED VIEWS</c> does not list (StarRocks shows
    /// both as VIEW).
    /// </summary>
    public sealed class ObjectCatalog
    {
        private readonly StarRocksClient _client;

        internal ObjectCatalog(StarRocksClient client) => _client = client;

        /// <summary>Views, MVs and functions of a database (<paramref name="kind"/> null = all three kinds).</summary>
        /// <exception cref="StarRocksBackupException">DatabaseNotFound.</exception>
        public async Task<IReadOnlyList<DatabaseObject>> ListAsync(string database, DatabaseObjectKind? kind = null, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            observer ??= NullObserver.Instance;
            var result = new List<DatabaseObject>();
            bool views = kind == null || kind == DatabaseObjectKind.View;
            bool mvs = kind == null || kind == DatabaseObjectKind.MaterializedView;
            bool functions = kind == null || kind == DatabaseObjectKind.Function;
            var mvList = new List<DatabaseObject>();
            if (views || mvs)
            {
                ResultTable m = await _client.Session.QueryAsync(_client.Dialect.ShowMaterializedViews(database), observer, cancellationToken).ConfigureAwait(false);
                foreach (ResultRow r in m.Rows)
                {
                    string? name = r.Get("name");
                    if (!string.IsNullOrEmpty(name))
                    {
                        mvList.Add(new DatabaseObject(database, name!, DatabaseObjectKind.MaterializedView, r.Get("text"),
                            isActive: !string.Equals(r.Get("is_active"), "false", StringComparison.OrdinalIgnoreCase)));
                    }
                }
            }

            if (views)
            {
                var mvNames = new HashSet<string>(mvList.Select(x => x.Name), StringComparer.Ordinal);
                IReadOnlyList<Table> tables = await _client.Catalog.ListTablesAsync(database, observer, cancellationToken).ConfigureAwait(false);
                result.AddRange(tables.Where(t => string.Equals(t.TableType, "VIEW", StringComparison.OrdinalIgnoreCase) && !mvNames.Contains(t.Name))
                    .Select(t => new DatabaseObject(database, t.Name, DatabaseObjectKind.View)));
            }

            if (mvs)
            {
                result.AddRange(mvList);
            }

            if (functions)
            {
                ResultTable f = await _client.Session.QueryAsync(_client.Dialect.ShowFunctions(database), observer, cancellationToken).ConfigureAwait(false);
                foreach (ResultRow r in f.Rows)
                {
                    string? sig = r.Get("Signature");
                    if (string.IsNullOrEmpty(sig))
                    {
                        continue;
                    }

                    int paren = sig!.IndexOf('(');
                    result.Add(new DatabaseObject(database, paren > 0 ? sig.Substring(0, paren) : sig, DatabaseObjectKind.Function, signature: sig));
                }
            }

            return result;
        }

        /// <summary>External catalogs (SHOW CATALOGS without default_catalog).</summary>
        public async Task<IReadOnlyList<ExternalCatalog>> ListExternalCatalogsAsync(IOperationObserver? observer = null, CancellationToken cancellationToken = default)
        {
            ResultTable t = await _client.Session.QueryAsync(_client.Dialect.ShowCatalogs(), observer ?? NullObserver.Instance, cancellationToken).ConfigureAwait(false);
            return t.Rows
                .Select(r => new ExternalCatalog(r.Get("Catalog") ?? string.Empty, r.Get("Type") ?? string.Empty, r.Get("Comment") ?? string.Empty))
                .Where(c => c.Name.Length > 0 && !ExternalCatalog.IsDefaultName(c.Name) && !string.Equals(c.Type, "Internal", StringComparison.OrdinalIgnoreCase))
                .ToList();
        }
    }
}
