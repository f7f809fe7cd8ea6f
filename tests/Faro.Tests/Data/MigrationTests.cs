using Faro.Data;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Faro.Tests.Data;

public class MigrationTests
{
    /// Fails when someone changes the model and forgets `scripts/add-migration.sh` for either
    /// provider.
    [Theory, AllProviders]
    public void Migrations_DoNotLagTheModel(string provider)
    {
        using var db = DatabaseSetup.Create(OptionsWithoutADatabase(provider));
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag the model: run scripts/add-migration.sh NAME");
    }

    /// The compiled models (`src/Faro/Data/CompiledModels`, ADR 9) are what EF Core uses at run
    /// time; they must be the model `OnModelCreating` builds. Fails when the model changed and
    /// `scripts/add-migration.sh` (which regenerates them) was not run.
    [Theory, AllProviders]
    public void TheCompiledModel_IsTheModelTheCodeBuilds(string provider)
    {
        using var db = DatabaseSetup.Create(OptionsWithoutADatabase(provider));
        var compiled = db.Model;
        var built = db.GetService<IDesignTimeModel>().Model;
        Assert.IsAssignableFrom<RuntimeModel>(compiled);
        Assert.NotSame(compiled, built);
        // Run scripts/add-migration.sh NAME (or scripts/compile-model.sh) when this fails.
        Assert.Equal(Describe(built), Describe(compiled));
    }

    /// What EF Core reads from the model at run time: entity types and their tables, properties with
    /// CLR type, nullability, converter, column and concurrency, keys, indexes, foreign keys with
    /// their delete behaviour, navigations and query filters.
    private static List<string> Describe(IModel model) =>
        [.. model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal).SelectMany(e =>
            new[] { $"{e.Name} table={e.GetTableName()} schema={e.GetSchema()} base={e.BaseType?.Name}" }.Concat(e.GetProperties().Select(p => $"{e.Name}.{p.Name}: {p.ClrType.Name} null={p.IsNullable} conv={p.GetValueConverter()?.GetType().Name} col={p.GetColumnName()} conc={p.IsConcurrencyToken}")
                .Concat(e.GetKeys().Select(k => $"{e.Name} key {string.Join(",", k.Properties.Select(p => p.Name))} primary={k.IsPrimaryKey()}"))
                .Concat(e.GetIndexes().Select(i => $"{e.Name} index {string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique}"))
                .Concat(e.GetForeignKeys().Select(f => $"{e.Name} fk {string.Join(",", f.Properties.Select(p => p.Name))} -> {f.PrincipalEntityType.Name} delete={f.DeleteBehavior} required={f.IsRequired}"))
                .Concat(e.GetNavigations().Select(n => $"{e.Name} nav {n.Name} -> {n.TargetEntityType.Name}"))
                .Concat(e.GetDeclaredQueryFilters().Select(f => $"{e.Name} filter {f.Expression}"))
                .Order(StringComparer.Ordinal)))];

    private static FaroOptions OptionsWithoutADatabase(string provider) => new()
    {
        DataDirectory = Path.GetTempPath(),
        Database = provider == DatabaseProviders.Postgres
            ? new DatabaseOptions { Provider = provider, ConnectionString = "Host=127.0.0.1;Database=unused" }
            : new DatabaseOptions { Provider = provider, ConnectionString = "Data Source=:memory:" },
    };

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
