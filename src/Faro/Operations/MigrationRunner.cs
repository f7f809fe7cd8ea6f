using Faro.Catalogue;
using Faro.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faro.Operations;

public sealed class MigrationRunner(FaroDb db, CatalogueService catalogues, Places.CountryReferenceData countries, IOptions<FaroOptions> options, TimeProvider clock, ILogger<MigrationRunner> log)
{
    /// Any fixed number; the same on every node. PostgreSQL advisory locks are per database.
    private const long MigrationLockKey = 0x4641524F; // "FARO"

    /// Brings the schema up to date and loads the seed catalogue and the ISO 3166-1 / UN M49
    /// countries. Idempotent. On PostgreSQL the whole step holds a session advisory lock, so nodes
    /// started together (or `faro migrate` run while a node starts) migrate one after the other:
    /// the second finds nothing pending. SQLite has one host by design; its write lock already
    /// serialises two processes.
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql())
        {
            await MigrateUnlockedAsync(ct);
            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            try
            {
                await MigrateUnlockedAsync(ct);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task MigrateUnlockedAsync(CancellationToken ct)
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
