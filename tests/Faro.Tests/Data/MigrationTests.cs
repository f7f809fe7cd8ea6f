using Faro.Data;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Data;

public class MigrationTests
{
    /// Fails when someone changes the model and forgets `scripts/add-migration.sh` for either
    /// provider.
    [Theory, AllProviders]
    public void Migrations_DoNotLagTheModel(string provider)
    {
        var options = new FaroOptions
        {
            DataDirectory = Path.GetTempPath(),
            Database = provider == DatabaseProviders.Postgres
                ? new DatabaseOptions { Provider = provider, ConnectionString = "Host=127.0.0.1;Database=unused" }
                : new DatabaseOptions { Provider = provider, ConnectionString = "Data Source=:memory:" },
        };
        using var db = DatabaseSetup.Create(options);
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag the model: run scripts/add-migration.sh NAME");
    }

    [Theory, AllProviders]
    public async Task Migrate_OnAnEmptyDatabase_AppliesEveryMigration(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider, migrate: false);
        await core.Run<Faro.Operations.MigrationRunner>(m => m.MigrateAsync());
        var (applied, all) = await core.Db(async db => ((await db.Database.GetAppliedMigrationsAsync()).Count(), db.Database.GetMigrations().Count()));
        Assert.True(all > 0);
        Assert.Equal(all, applied);
    }

    [Fact]
    public async Task Sqlite_IsConfiguredForWalAndForeignKeys()
    {
        await using var core = await CoreServices.StartAsync("sqlite");
        var (journal, foreignKeys) = await core.Db(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            await using var c1 = connection.CreateCommand();
            c1.CommandText = "PRAGMA journal_mode";
            var j = (string)(await c1.ExecuteScalarAsync())!;
            await using var c2 = connection.CreateCommand();
            c2.CommandText = "PRAGMA foreign_keys";
            var f = (long)(await c2.ExecuteScalarAsync())!;
            return (j, f);
        });
        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
        Assert.True(File.Exists(Path.Combine(core.Database.Options.DataDirectory, "faro.db")));
    }
}
