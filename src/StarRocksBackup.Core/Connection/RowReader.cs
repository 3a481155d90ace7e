using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StarRocksBackup.Core.Parsing;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>
    /// The current row of a query's answer, read cell by cell: typed where the driver knows the type (numbers and times
    /// without a detour through text), text otherwise. A NULL or absent cell (ordinal -1) reads as null.
    /// </summary>
    internal interface IRowReader
    {
        /// <summary>The number of columns.</summary>
        int FieldCount { get; }

        /// <summary>A column's name.</summary>
        string GetName(int ordinal);

        /// <summary>The cell as text (as <see cref="ResultTable"/> would hold it), or null.</summary>
        string? GetText(int ordinal);

        /// <summary>The cell as a 64-bit integer (<see cref="ResultRow.ToInt64"/> of its text), or null.</summary>
        long? GetInt64(int ordinal);

        /// <summary>The cell as a time to the second (<see cref="ValueParser.ParseTime"/> of its text), or null.</summary>
        DateTime? GetDateTime(int ordinal);
    }

    /// <summary>A session that hands rows to the caller as they are read, instead of building a <see cref="ResultTable"/>.</summary>
    internal interface IRowStreamingSession
    {
        /// <summary>
        /// Runs a query (retried like <see cref="ISqlSession.QueryAsync"/>); <paramref name="bind"/> sees the columns once and
        /// returns the function that makes one item of each row.
        /// </summary>
        Task<List<T>> QueryRowsAsync<T>(string sql, Func<IRowReader, Func<IRowReader, T>> bind, IOperationObserver observer, CancellationToken cancellationToken);
    }

    /// <summary>Row-at-a-time reading over any session.</summary>
    internal static class SqlSessionRows
    {
        /// <summary>
        /// The rows of <paramref name="sql"/>, each made into an item: streamed by a session that can
        /// (<see cref="IRowStreamingSession"/>, the driver's), else read from the session's <see cref="ResultTable"/>.
        /// </summary>
        public static async Task<List<T>> QueryRowsAsync<T>(this ISqlSession session, string sql, Func<IRowReader, Func<IRowReader, T>> bind, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (session is IRowStreamingSession streaming)
            {
                return await streaming.QueryRowsAsync(sql, bind, observer, cancellationToken).ConfigureAwait(false);
            }

            ResultTable table = await session.QueryAsync(sql, observer, cancellationToken).ConfigureAwait(false);
            return ReadAll(table, bind);
        }

        /// <summary>The items of a table's rows.</summary>
        public static List<T> ReadAll<T>(ResultTable table, Func<IRowReader, Func<IRowReader, T>> bind)
        {
            var reader = new TableRowReader(table);
            Func<IRowReader, T> make = bind(reader);
            var items = new List<T>(table.Rows.Count);
            foreach (ResultRow row in table.Rows)
            {
                reader.Row = row;
                items.Add(make(reader));
            }

            return items;
        }

        private sealed class TableRowReader : IRowReader
        {
            private readonly ResultTable _table;

            public TableRowReader(ResultTable table) => _table = table;

            public ResultRow? Row { get; set; }

            public int FieldCount => _table.Columns.Count;

            public string GetName(int ordinal) => _table.Columns[ordinal];

            public string? GetText(int ordinal) => Row?[ordinal];

            public long? GetInt64(int ordinal) => ResultRow.ToInt64(GetText(ordinal));

            public DateTime? GetDateTime(int ordinal) => ValueParser.ParseTime(GetText(ordinal));
        }
    }
}
