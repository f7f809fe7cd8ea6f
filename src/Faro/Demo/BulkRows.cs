using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Faro.Demo;

/// Writes generated rows straight to the database, without the change tracker: the demo and
/// synthetic generators produce hundreds of thousands of rows (88 answers, their revisions,
/// evidence links and assignments per city), and EF Core's SaveChanges costs about 50 ms of CPU per
/// city in command building and key read-back. Columns, names and value conversions come from the
/// EF Core model, so a row written here is the row SaveChanges would have written.
///
/// Keys are given when a row is added (`Add` sets `Id`), so that the generator can point children
/// at parents by id before anything is written: on PostgreSQL from the table's identity sequence
/// (`nextval`, so the sequence stays ahead of every written id), on SQLite from the table's highest
/// id or AUTOINCREMENT counter, which is safe because the caller holds SQLite's single write lock
/// (an open transaction) from the first `Add` to `FlushAsync`. Rows are written per table, each table
/// after the tables it points at.
///
/// SQLite: one prepared INSERT per table, re-bound per row, in the caller's transaction (triggers,
/// among them the FTS5 `practice_search` ones, fire as for any insert). PostgreSQL: binary `COPY`
/// (Npgsql's binary importer); indexes, among them the full-text GIN index, are maintained by the
/// server as for any insert.
internal sealed class BulkRows(FaroDb db)
{
    private const int IdBlock = 2_000;

    private readonly List<(IEntityType Type, List<object> Rows)> tables = [];
    private readonly Dictionary<Type, List<object>> byClrType = [];
    private readonly Dictionary<IEntityType, IdPool> pools = [];

    private static readonly ConcurrentDictionary<IEntityType, TableShape> Shapes = new();

    private bool IsPostgres => db.Database.IsNpgsql();

    /// Queues the entity and gives it its key now.
    public T Add<T>(T entity) where T : class
    {
        if (!byClrType.TryGetValue(typeof(T), out var rows))
        {
            var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            rows = [];
            byClrType.Add(typeof(T), rows);
            tables.Add((type, rows));
        }

        var shape = Shape(db.Model.FindEntityType(typeof(T))!);
        if (shape.Key is { } key && Equals(key.Get(entity), 0))
        {
            key.Set(entity, NextId(shape));
        }

        rows.Add(entity);
        return entity;
    }

    public int Count => tables.Sum(t => t.Rows.Count);

    /// Writes every queued row, in the caller's transaction, and forgets them.
    public async Task FlushAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk rows are written inside a transaction.");
        if (connection is NpgsqlConnection)
        {
            // The full-text GIN index takes new entries into its pending list and merges the list
            // into the index when it passes gin_pending_list_limit (4 MB by default): at that size a
            // batch of cities pays several merges, most of the load's time. A larger list for this
            // transaction only defers the merge to the VACUUM the generator runs at the end.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL gin_pending_list_limit = '1GB'", ct);
        }

        foreach (var (type, rows) in ParentsFirst())
        {
            if (rows.Count == 0)
            {
                continue;
            }

            var shape = Shape(type);
            if (connection is NpgsqlConnection npgsql)
            {
                await CopyAsync(npgsql, shape, rows, ct);
            }
            else
            {
                await InsertAsync(connection, transaction, shape, rows, ct);
            }

            rows.Clear();
        }
    }

    /// The queued tables, each after the tables its foreign keys point at (a self-reference, such as
    /// a round's previous round, is written in the order the rows were added).
    private List<(IEntityType Type, List<object> Rows)> ParentsFirst()
    {
        var queued = tables.ToDictionary(t => t.Type, t => t.Rows);
        var ordered = new List<(IEntityType, List<object>)>();
        var seen = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (!seen.Add(type))
            {
                return;
            }

            foreach (var fk in type.GetForeignKeys())
            {
                if (fk.PrincipalEntityType != type && queued.ContainsKey(fk.PrincipalEntityType))
                {
                    Visit(fk.PrincipalEntityType);
                }
            }

            ordered.Add((type, queued[type]));
        }

        foreach (var (type, _) in tables)
        {
            Visit(type);
        }

        return ordered;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, TableShape shape, List<object> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", shape.Columns.Select(c => "\"" + c.Name + "\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{shape.Table}\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in shape.Columns)
            {
                var value = column.ProviderValue(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    // Npgsql picks the PostgreSQL type from the CLR value (int, text, bool, date,
                    // timestamptz for UTC times), which is what the EF Core mapping chose too.
                    await importer.WriteAsync(value, ct);
                }
            }
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, TableShape shape, List<object> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO \"{shape.Table}\" ({string.Join(", ", shape.Columns.Select(c => "\"" + c.Name + "\""))}) VALUES ({string.Join(", ", shape.Columns.Select((_, i) => "@p" + i))})");
        var parameters = new DbParameter[shape.Columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = shape.Columns[i].ProviderValue(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private int NextId(TableShape shape)
    {
        var type = shape.EntityType;
        if (!pools.TryGetValue(type, out var pool))
        {
            pool = new IdPool();
            pools.Add(type, pool);
        }

        if (pool.Free.Count == 0)
        {
            Refill(shape, pool);
        }

        return pool.Free.Dequeue();
    }

    // Synchronous on purpose: a refill happens once per 2,000 rows of a table, and `Add` stays a
    // plain call that generator code can use inside expressions.
    private void Refill(TableShape shape, IdPool pool)
    {
        var connection = db.Database.GetDbConnection();
        using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk rows get their keys inside a transaction.");
        if (IsPostgres)
        {
            command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"SELECT nextval(pg_get_serial_sequence('\"{shape.Table}\"', '{shape.Key!.Name}')) FROM generate_series(1, {IdBlock})");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pool.Free.Enqueue(checked((int)reader.GetInt64(0)));
            }

            return;
        }

        if (pool.Next == 0)
        {
            // The AUTOINCREMENT counter is never below a deleted row's id; max(Id) covers tables without one.
            command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"SELECT max(coalesce((SELECT max(\"{shape.Key!.Name}\") FROM \"{shape.Table}\"), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{shape.Table}'), 0))");
            pool.Next = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) + 1;
        }

        for (var i = 0; i < IdBlock; i++)
        {
            pool.Free.Enqueue(pool.Next++);
        }
    }

    private static TableShape Shape(IEntityType type) => Shapes.GetOrAdd(type, TableShape.Of);

    private sealed class IdPool
    {
        public Queue<int> Free { get; } = new();
        public int Next { get; set; }
    }

    private sealed record KeyAccess(string Name, Func<object, object?> Get, Action<object, int> Set);

    private sealed record Column(string Name, Func<object, object?> Read, Func<object?, object?> ToProvider)
    {
        public object? ProviderValue(object row) => Read(row) is { } value ? ToProvider(value) : null;
    }

    private sealed record TableShape(IEntityType EntityType, string Table, IReadOnlyList<Column> Columns, KeyAccess? Key)
    {
        public static TableShape Of(IEntityType type)
        {
            var table = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table.");
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var columns = new List<Column>();
            foreach (var property in type.GetProperties())
            {
                if (property.IsShadowProperty() || property.PropertyInfo is null)
                {
                    throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} has no CLR property to read.");
                }

                var info = property.PropertyInfo;
                columns.Add(ColumnOf(property, store, info.GetValue));
            }

            foreach (var complex in type.GetComplexProperties())
            {
                var outer = complex.PropertyInfo!;
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    var inner = property.PropertyInfo!;
                    columns.Add(ColumnOf(property, store, row => outer.GetValue(row) is { } value ? inner.GetValue(value) : null));
                }
            }

            var primaryKey = type.FindPrimaryKey();
            KeyAccess? key = null;
            if (primaryKey is { Properties: [{ ClrType: var clr, PropertyInfo: { } pk } keyProperty] } && clr == typeof(int))
            {
                key = new KeyAccess(keyProperty.GetColumnName(store)!, pk.GetValue, (row, id) => pk.SetValue(row, id));
            }

            return new TableShape(type, table, columns, key);
        }

        private static Column ColumnOf(IProperty property, StoreObjectIdentifier store, Func<object, object?> read)
        {
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var converter = mapping.Converter;
            Func<object?, object?> toProvider = converter is null ? v => v : converter.ConvertToProvider;
            return new Column(property.GetColumnName(store) ?? property.Name, read, toProvider);
        }
    }
}
