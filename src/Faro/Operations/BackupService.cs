using System.Collections;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;

namespace Faro.Operations;

/// One portable archive of all data, whatever the provider: a zip with a manifest, one JSON file per
/// table and the uploaded evidence files. `RestoreAsync` loads it into an empty database of either
/// provider, which is how an installation moves from SQLite to PostgreSQL.
public sealed class BackupService(FaroDb db, IOptions<FaroOptions> options, TimeProvider clock)
{
    public const string Format = "faro-backup";
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Navigations are never loaded here; cycles cannot occur, but ignore them if one slips in.
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public sealed record Manifest(string Format, int FormatVersion, DateTime CreatedAt, string Provider, string? Migration, Dictionary<string, int> Tables);

    public async Task<Manifest> BackupAsync(string outputPath, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written next to the target and renamed at the end: a crash never leaves half an archive
        // under the name the user asked for.
        var temp = full + ".partial";
        var counts = new Dictionary<string, int>();
        Manifest manifest;
        // One read transaction gives a consistent picture while the web host keeps serving.
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var zipStream = File.Create(temp))
        using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create))
        {
            foreach (var entity in TablesInInsertOrder(db.Model))
            {
                var rows = await LoadAllAsync(entity, ct);
                counts[entity.ClrType.Name] = rows.Count;
                var zipEntry = zip.CreateEntry($"tables/{entity.ClrType.Name}.json", CompressionLevel.Optimal);
                await using var s = zipEntry.Open();
                // Declared as List<object>, each row is written with its runtime type's properties.
                await JsonSerializer.SerializeAsync(s, rows, Json, ct);
            }

            var files = FilesDirectory;
            if (Directory.Exists(files))
            {
                foreach (var path in Directory.EnumerateFiles(files))
                {
                    zip.CreateEntryFromFile(path, "files/" + Path.GetFileName(path), CompressionLevel.Optimal);
                }
            }

            var migration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
            manifest = new Manifest(Format, FormatVersion, clock.GetUtcNow().UtcDateTime, db.Database.ProviderName ?? "", migration, counts);
            var m = zip.CreateEntry("manifest.json");
            await using (var ms = m.Open())
            {
                await JsonSerializer.SerializeAsync(ms, manifest, Json, ct);
            }
        }

        await tx.CommitAsync(ct);
        File.Move(temp, full, overwrite: true);
        return manifest;
    }

    /// Loads an archive into this database, which must be migrated and hold no data beyond the seed
    /// catalogue (that is replaced by the archive's). All or nothing: one transaction.
    public async Task<Manifest> RestoreAsync(string archivePath, CancellationToken ct = default)
    {
        if (!File.Exists(archivePath))
        {
            throw Reject(archivePath, "backup.not_found", "The file does not exist.", "El archivo no existe.");
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException)
        {
            throw Reject(archivePath, "backup.not_an_archive", "This is not a Faro backup (not a zip archive).", "No es una copia de seguridad de Faro (no es un archivo zip).");
        }

        using (zip)
        {
            var manifestEntry = zip.GetEntry("manifest.json")
                ?? throw Reject(archivePath, "backup.no_manifest", "This is not a Faro backup (no manifest.json).", "No es una copia de seguridad de Faro (falta manifest.json).");
            Manifest manifest;
            await using (var ms = manifestEntry.Open())
            {
                manifest = await JsonSerializer.DeserializeAsync<Manifest>(ms, Json, ct)
                    ?? throw Reject("manifest.json", "backup.bad_manifest", "The manifest is empty.", "El manifiesto está vacío.");
            }

            if (manifest.Format != Format || manifest.FormatVersion > FormatVersion)
            {
                throw Reject("manifest.json", "backup.unsupported", $"Unsupported backup format {manifest.Format} v{manifest.FormatVersion}.",
                    $"Formato de copia no admitido: {manifest.Format} v{manifest.FormatVersion}.");
            }

            // Whatever this context loaded before (the seed catalogue, during migrate) is about to
            // be replaced with the archive's rows under the same keys.
            db.ChangeTracker.Clear();
            var tables = TablesInInsertOrder(db.Model);
            await EnsureEmptyAsync(tables, ct);

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The seed catalogue loaded by `migrate` is replaced by the archive's own catalogues.
            foreach (var entity in tables.AsEnumerable().Reverse())
            {
                await DeleteAllAsync(entity, ct);
            }

            foreach (var entity in tables)
            {
                var zipEntry = zip.GetEntry($"tables/{entity.ClrType.Name}.json");
                if (zipEntry is null)
                {
                    continue;
                }

                IList rows;
                await using (var s = zipEntry.Open())
                {
                    try
                    {
                        rows = (IList)(await JsonSerializer.DeserializeAsync(s, typeof(List<>).MakeGenericType(entity.ClrType), Json, ct))!;
                    }
                    catch (JsonException e)
                    {
                        throw Reject(zipEntry.FullName, "backup.bad_table", $"Unreadable rows ({e.Message}).", $"Filas ilegibles ({e.Message}).");
                    }
                }

                foreach (var row in rows)
                {
                    db.Add(row!);
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            if (db.Database.IsNpgsql())
            {
                await ResetPostgresSequencesAsync(tables, ct);
            }

            await tx.CommitAsync(ct);

            Directory.CreateDirectory(FilesDirectory);
            foreach (var file in zip.Entries.Where(e => e.FullName.StartsWith("files/", StringComparison.Ordinal) && e.Name.Length > 0))
            {
                var target = Path.Combine(FilesDirectory, Path.GetFileName(file.Name));
                if (!File.Exists(target))
                {
                    file.ExtractToFile(target);
                }
            }

            return manifest;
        }
    }

    private string FilesDirectory => Path.Combine(options.Value.FullDataDirectory, "files");

    private async Task EnsureEmptyAsync(IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        var seedOnly = new HashSet<string>
        {
            nameof(Catalogue.IndicatorCatalogue), nameof(Catalogue.Domain), nameof(Catalogue.Area),
            nameof(Catalogue.Indicator), nameof(Catalogue.CrosswalkEntry), nameof(Audit.AuditEntry),
            nameof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey),
        };
        foreach (var entity in tables.Where(t => !seedOnly.Contains(t.ClrType.Name)))
        {
            if (await CountAsync(entity, ct) > 0)
            {
                throw Reject(entity.GetTableName() ?? entity.ClrType.Name, "backup.target_not_empty",
                    "The target database already holds data; restore only into a new, empty database.",
                    "La base de datos de destino ya contiene datos; restaure solo en una base nueva y vacía.");
            }
        }
    }

    /// Principals before dependents, so that every foreign key finds its row.
    internal static List<IEntityType> TablesInInsertOrder(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => !t.IsOwned() && t.GetTableName() is not null).OrderBy(t => t.ClrType.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType t)
        {
            if (ordered.Contains(t) || !visiting.Add(t))
            {
                return;
            }

            foreach (var fk in t.GetForeignKeys())
            {
                if (fk.PrincipalEntityType != t)
                {
                    Visit(fk.PrincipalEntityType);
                }
            }

            ordered.Add(t);
        }

        types.ForEach(Visit);
        return ordered;
    }

    private Task<List<object>> LoadAllAsync(IEntityType entity, CancellationToken ct) =>
        (Task<List<object>>)LoadAllMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [entity, ct])!;

    private static readonly MethodInfo LoadAllMethod = typeof(BackupService).GetMethod(nameof(LoadAllTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private async Task<List<object>> LoadAllTyped<T>(IEntityType entity, CancellationToken ct)
        where T : class
    {
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.Name).ToList();
        // Key order keeps self-references (a jurisdiction's parent) ahead of their children.
        IQueryable<T> query = db.Set<T>().AsNoTracking();
        query = query.OrderBy(e => EF.Property<object>(e, keys[0]));
        return (await query.ToListAsync(ct)).Cast<object>().ToList();
    }

    private Task<int> CountAsync(IEntityType entity, CancellationToken ct) =>
        (Task<int>)CountMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [ct])!;

    private static readonly MethodInfo CountMethod = typeof(BackupService).GetMethod(nameof(CountTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private Task<int> CountTyped<T>(CancellationToken ct)
        where T : class => db.Set<T>().CountAsync(ct);

    private Task DeleteAllAsync(IEntityType entity, CancellationToken ct) =>
        (Task)DeleteMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [ct])!;

    private static readonly MethodInfo DeleteMethod = typeof(BackupService).GetMethod(nameof(DeleteTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private Task<int> DeleteTyped<T>(CancellationToken ct)
        where T : class => db.Set<T>().ExecuteDeleteAsync(ct);

    /// Rows came in with their ids; PostgreSQL's identity sequences must continue after them.
    private async Task ResetPostgresSequencesAsync(IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        foreach (var entity in tables)
        {
            var key = entity.FindPrimaryKey();
            if (key is not { Properties.Count: 1 } || key.Properties[0].ValueGenerated != Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd
                || key.Properties[0].ClrType == typeof(string))
            {
                continue;
            }

            var table = entity.GetTableName()!;
            var column = key.Properties[0].GetColumnName(StoreObjectIdentifier.Table(table, entity.GetSchema()))!;
#pragma warning disable EF1002 // identifiers come from our own model, not from input
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)", ct);
#pragma warning restore EF1002
        }
    }

    private static InputRejectedException Reject(string location, string code, string en, string es) =>
        new(code, new InputError(location, code, new LocalizedText(en, es)));
}
