using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using StarRocksBackup.Core.Parsing;

namespace StarRocksBackup.Core.Connection
{
    /// <summary>
    /// <see cref="IRowReader"/> over the driver's data reader: integer and DATETIME cells are read as what they are (no
    /// string made and parsed back), text cells as strings; the text form of any cell is the one <see cref="MySqlSession"/>
    /// puts in a <see cref="ResultTable"/>.
    /// </summary>
    internal sealed class MySqlRowReader : IRowReader
    {
        private readonly MySqlDataReader _reader;
        private readonly TypeCode[] _kinds;

        private MySqlRowReader(MySqlDataReader reader)
        {
            _reader = reader;
            _kinds = new TypeCode[reader.FieldCount];
            for (int i = 0; i < _kinds.Length; i++)
            {
                Type t = reader.GetFieldType(i);
                _kinds[i] = t == typeof(string) ? TypeCode.String : t == typeof(long) ? TypeCode.Int64
                    : t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) ? TypeCode.Int32
                    : t == typeof(bool) ? TypeCode.Boolean : t == typeof(DateTime) ? TypeCode.DateTime : TypeCode.Object;
            }
        }

        /// <summary>Runs <paramref name="sql"/> on <paramref name="conn"/> and makes one item per row.</summary>
        public static async Task<List<T>> ReadAllAsync<T>(MySqlConnection conn, string sql, Func<IRowReader, Func<IRowReader, T>> bind, CancellationToken ct)
        {
            using var cmd = new MySqlCommand(sql, conn);
            using MySqlDataReader reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new MySqlRowReader(reader);
            Func<IRowReader, T> make = bind(rows);
            var items = new List<T>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(make(rows));
            }

            return items;
        }

        public int FieldCount => _kinds.Length;

        public string GetName(int ordinal) => _reader.GetName(ordinal);

        public string? GetText(int ordinal)
        {
            if (ordinal < 0 || ordinal >= _kinds.Length || _reader.IsDBNull(ordinal))
            {
                return null;
            }

            return _kinds[ordinal] switch
            {
                TypeCode.String => _reader.GetString(ordinal),
                TypeCode.Int64 => _reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
                TypeCode.Int32 => _reader.GetInt32(ordinal).ToString(CultureInfo.InvariantCulture),
                TypeCode.Boolean => _reader.GetBoolean(ordinal) ? "true" : "false",
                TypeCode.DateTime => _reader.GetDateTime(ordinal).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                _ => MySqlSession.ToText(_reader.GetValue(ordinal)),
            };
        }

        public long? GetInt64(int ordinal)
        {
            if (ordinal < 0 || ordinal >= _kinds.Length || _reader.IsDBNull(ordinal))
            {
                return null;
            }

            return _kinds[ordinal] switch
            {
                TypeCode.Int64 => _reader.GetInt64(ordinal),
                TypeCode.Int32 => _reader.GetInt32(ordinal),
                _ => ResultRow.ToInt64(GetText(ordinal)),
            };
        }

        public DateTime? GetDateTime(int ordinal)
        {
            if (ordinal < 0 || ordinal >= _kinds.Length || _reader.IsDBNull(ordinal))
            {
                return null;
            }

            if (_kinds[ordinal] != TypeCode.DateTime)
            {
                return ValueParser.ParseTime(GetText(ordinal));
            }

            // As its text "yyyy-MM-dd HH:mm:ss" would read: whole seconds, no kind.
            DateTime t = _reader.GetDateTime(ordinal);
            return new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
        }
    }
}
