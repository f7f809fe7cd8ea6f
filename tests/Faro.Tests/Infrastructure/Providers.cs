using System.Reflection;
using Faro.Data;
using Xunit.Sdk;

namespace Faro.Tests.Infrastructure;

/// Runs a data test once per database provider: SQLite always, PostgreSQL on the throwaway cluster.
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllProvidersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [DatabaseProviders.Sqlite],
        [DatabaseProviders.Postgres],
    ];
}

/// A fresh, migrated database of one provider, and the options that point at it.
public sealed class TestDatabase : IDisposable
{
    public FaroOptions Options { get; }

    private TestDatabase(FaroOptions options) => Options = options;

    /// A database for one test. `migrated` (the default) copies the run's template, migrated and
    /// seeded once per provider per run (a file copy for SQLite, `CREATE DATABASE ... TEMPLATE` for
    /// PostgreSQL) instead of migrating for every test; `false` gives an empty database.
    public static TestDatabase Create(string provider, bool migrated = true)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "faro-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dataDirectory);
        if (migrated && provider == DatabaseProviders.Sqlite)
        {
            File.Copy(SqliteTemplate.Value, Path.Combine(dataDirectory, "faro.db"));
        }

        var options = new FaroOptions
        {
            DataDirectory = dataDirectory,
            SeedDemoData = false,
            Database = provider == DatabaseProviders.Postgres
                ? new DatabaseOptions { Provider = provider, ConnectionString = PostgresServer.CreateDatabase(migrated ? PostgresTemplate.Value : null) }
                : new DatabaseOptions { Provider = provider },
        };
        return new TestDatabase(options);
    }

    private static readonly Lazy<string> SqliteTemplate = new(() =>
    {
        using var template = Create(DatabaseProviders.Sqlite, migrated: false);
        MigrateAsync(template).GetAwaiter().GetResult();
        // Everything into the main file, so that a copy of it alone is the whole database.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(template.Options.DataDirectory, "faro.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = Path.Combine(Path.GetTempPath(), "faro-template-" + Guid.NewGuid().ToString("N")[..10] + ".db");
        File.Copy(Path.Combine(template.Options.DataDirectory, "faro.db"), file);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return file;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> PostgresTemplate = new(() =>
    {
        using var template = Create(DatabaseProviders.Postgres, migrated: false);
        MigrateAsync(template).GetAwaiter().GetResult();
        // CREATE DATABASE ... TEMPLATE needs the template without connections.
        Npgsql.NpgsqlConnection.ClearAllPools();
        return new Npgsql.NpgsqlConnectionStringBuilder(template.Options.Database.ConnectionString).Database!;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static async Task MigrateAsync(TestDatabase database)
    {
        var services = CoreServices.For(database);
        await services.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());
        await services.DisposeAsync();
    }

    /// The same settings as environment variables, for the CLI run as a process.
    public Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>
        {
            ["Faro__DataDirectory"] = Options.DataDirectory,
            ["Faro__Database__Provider"] = Options.Database.Provider,
            ["Faro__SeedDemoData"] = "false",
        };
        if (Options.Database.ConnectionString is { } cs)
        {
            env["Faro__Database__ConnectionString"] = cs;
        }

        return env;
    }

    public Dictionary<string, string?> Settings() => Environment().ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Options.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection; /tmp is cleaned by the machine.
        }
    }
}
