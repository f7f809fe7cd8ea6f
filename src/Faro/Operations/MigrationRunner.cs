using Faro.Catalogue;
using Faro.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faro.Operations;

public sealed class MigrationRunner(FaroDb db, CatalogueService catalogues, Places.CountryReferenceData countries, IOptions<FaroOptions> options, TimeProvider clock, ILogger<MigrationRunner> log)
{
    /// Brings the schema up to date and loads the seed catalogue and the ISO 3166-1 / UN M49
    /// countries. Idempotent.
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            if (db.Database.IsSqlite())
            {
                await BackupSqliteBeforeMigratingAsync(pending[^1], ct);
            }

            log.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }

        await catalogues.EnsureSeedAsync(ct);
        var countriesChanged = await countries.EnsureAsync(ct);
        if (countriesChanged > 0)
        {
            log.LogInformation("Loaded or updated {Count} countries from the ISO 3166-1 / UN M49 reference data", countriesChanged);
        }
    }

    /// A migration that fails halfway on SQLite can leave a file that no version opens, so an
    /// existing database is copied first (VACUUM INTO gives a consistent copy even in WAL mode).
    private async Task BackupSqliteBeforeMigratingAsync(string target, CancellationToken ct)
    {
        var applied = await db.Database.GetAppliedMigrationsAsync(ct);
        if (!applied.Any())
        {
            return;
        }

        var dir = Path.Combine(options.Value.FullDataDirectory, "backups");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"faro-before-{target}-{clock.GetUtcNow():yyyyMMddHHmmss}.db");
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $file";
            command.Parameters.AddWithValue("$file", file);
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        log.LogInformation("Backed up the database to {File} before migrating", file);
    }
}
