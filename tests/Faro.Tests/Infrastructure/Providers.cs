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

    public static TestDatabase Create(string provider)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "faro-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dataDirectory);
        var options = new FaroOptions
        {
            DataDirectory = dataDirectory,
            SeedDemoData = false,
            Database = provider == DatabaseProviders.Postgres
                ? new DatabaseOptions { Provider = provider, ConnectionString = PostgresServer.CreateDatabase() }
                : new DatabaseOptions { Provider = provider },
        };
        return new TestDatabase(options);
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
