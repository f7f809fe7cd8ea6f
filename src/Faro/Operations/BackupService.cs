using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faro.Assessments;
using Faro.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Faro.Operations;

/// One portable archive of all data, whatever the provider: a zip with a manifest, one JSON file per
/// table and the uploaded evidence files. `RestoreAsync` loads it into an empty database of either
/// provider, which is how an installation moves from SQLite to PostgreSQL.
///
/// Restore trusts nothing in the archive: every entry must be one the manifest announces, files must
/// hash to their names and fit the upload limit, every table must hold exactly the rows the manifest
/// counts, and entries are read as streams with bounded sizes (no whole table in memory, no zip bomb).
public sealed class BackupService(FaroDb db, IOptions<FaroOptions> options, EvidenceFiles evidenceFiles, TimeProvider clock)
{
    public const string Format = "faro-backup";
    /// 2: files are the evidence store (`files/<sha256>`) with their sizes in the manifest.
    public const int FormatVersion = 2;
    private const long MaxManifestBytes = 4 * 1024 * 1024;
    private const int BatchSize = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Navigations are never loaded here; cycles cannot occur, but ignore them if one slips in.
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public sealed record Manifest(string Format, int FormatVersion, DateTime CreatedAt, string Provider, string? Migration, Dictionary<string, int> Tables,
        Dictionary<string, long>? Files = null);

    public sealed record Restored(Manifest Manifest, int Rows, int Files);

    /// Largest archive restore accepts, uncompressed (`Faro:Backup:MaxRestoreGigabytes`, 20).
    public long MaxRestoreBytes => options.Value.Backup.MaxRestoreGigabytes * 1024L * 1024L * 1024L;

    public async Task<Manifest> BackupAsync(string outputPath, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written next to the target and renamed at the end: a crash never leaves half an archive
        // under the name the user asked for.
        var temp = full + ".partial";
        var counts = new Dictionary<string, int>();
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        Manifest manifest;
        // One read transaction gives a consistent picture while the web host keeps serving; the
        // files are those its evidence rows point at (content-addressed, so they cannot change).
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var zipStream = File.Create(temp))
        using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create))
        {
            foreach (var entity in TablesInInsertOrder(db.Model))
            {
                var zipEntry = zip.CreateEntry($"tables/{entity.ClrType.Name}.json", CompressionLevel.Optimal);
                await using var s = zipEntry.Open();
                counts[entity.ClrType.Name] = await WriteRowsAsync(entity, s, ct);
            }

            var hashes = await EvidenceFiles.ReferencedAsync(db, ct);
            foreach (var hash in hashes.Order(StringComparer.Ordinal))
            {
                if (evidenceFiles.PathOf(hash) is { } path && File.Exists(path))
                {
                    zip.CreateEntryFromFile(path, "files/" + hash, CompressionLevel.Optimal);
                    files[hash] = new FileInfo(path).Length;
                }
            }

            var migration = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
            manifest = new Manifest(Format, FormatVersion, clock.GetUtcNow().UtcDateTime, db.Database.ProviderName ?? "", migration, counts, files);
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
    /// catalogue (that is replaced by the archive's). All or nothing: one transaction for the rows;
    /// the files are checked and unpacked beside the store first and moved in only after the commit.
    public async Task<Restored> RestoreAsync(string archivePath, CancellationToken ct = default)
    {
        if (!File.Exists(archivePath))
        {
            throw Reject(archivePath, "backup.not_found");
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException)
        {
            throw Reject(archivePath, "backup.not_an_archive");
        }

        using (zip)
        {
            var manifest = await ReadManifestAsync(zip, ct);
            var tables = TablesInInsertOrder(db.Model);
            CheckEntries(zip, manifest, tables);

            // Whatever this context loaded before (the seed catalogue, during migrate) is about to
            // be replaced with the archive's rows under the same keys.
            db.ChangeTracker.Clear();
            await EnsureEmptyAsync(tables, ct);

            var staging = Path.Combine(evidenceFiles.DirectoryPath, "restore-" + Guid.NewGuid().ToString("N"));
            try
            {
                var fileCount = await StageFilesAsync(zip, manifest, staging, ct);
                var rows = 0;
                await using (var tx = await db.BeginWriteAsync(ct))
                {
                    // The seed catalogue loaded by `migrate` is replaced by the archive's own catalogues.
                    foreach (var entity in tables.AsEnumerable().Reverse())
                    {
                        await DeleteAllAsync(entity, ct);
                    }

                    foreach (var entity in tables)
                    {
                        if (zip.GetEntry($"tables/{entity.ClrType.Name}.json") is { } zipEntry)
                        {
                            rows += await LoadTableAsync(entity, zipEntry, manifest.Tables[entity.ClrType.Name], ct);
                        }
                    }

                    var missing = await EvidenceFiles.ReferencedAsync(db, ct);
                    if (missing.FirstOrDefault(h => manifest.Files?.ContainsKey(h) != true && !File.Exists(evidenceFiles.PathOf(h))) is { } lost)
                    {
                        throw Reject("files/" + lost, "backup.file_missing");
                    }

                    if (db.Database.IsNpgsql())
                    {
                        await ResetPostgresSequencesAsync(tables, ct);
                    }

                    await tx.CommitAsync(ct);
                }

                foreach (var staged in Directory.EnumerateFiles(staging))
                {
                    var target = evidenceFiles.PathOf(Path.GetFileName(staged))!;
                    if (!File.Exists(target))
                    {
                        File.Move(staged, target);
                    }
                }

                return new Restored(manifest, rows, fileCount);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }
    }

    private static async Task<Manifest> ReadManifestAsync(ZipArchive zip, CancellationToken ct)
    {
        var manifestEntry = zip.GetEntry("manifest.json")
            ?? throw Reject("manifest.json", "backup.no_manifest");
        if (manifestEntry.Length > MaxManifestBytes)
        {
            throw Reject("manifest.json", "backup.bad_manifest");
        }

        try
        {
            await using var ms = new BoundedStream(manifestEntry.Open(), MaxManifestBytes, "manifest.json");
            var manifest = await JsonSerializer.DeserializeAsync<Manifest>(ms, Json, ct);
            if (manifest is null || manifest.Tables is null)
            {
                throw Reject("manifest.json", "backup.bad_manifest", new Phrase("refusal.backup.bad_manifest.2"));
            }

            if (manifest.Format != Format || manifest.FormatVersion is < 1 or > FormatVersion)
            {
                throw Reject("manifest.json", "backup.unsupported", manifest.Format, manifest.FormatVersion);
            }

            return manifest;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw Reject("manifest.json", "backup.bad_manifest", new Phrase("refusal.backup.bad_manifest.3"));
        }
    }

    /// Every entry is announced by the manifest and every announced entry is there, within the
    /// size bounds; nothing has been written yet when this refuses.
    private void CheckEntries(ZipArchive zip, Manifest manifest, IReadOnlyList<IEntityType> tables)
    {
        var known = tables.Select(t => t.ClrType.Name).ToHashSet(StringComparer.Ordinal);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (entry.FullName == "manifest.json" || entry.FullName.EndsWith('/'))
            {
                continue;
            }

            if (entry.FullName.StartsWith("tables/", StringComparison.Ordinal) && entry.FullName.EndsWith(".json", StringComparison.Ordinal))
            {
                var name = entry.FullName["tables/".Length..^".json".Length];
                if (!known.Contains(name) || !manifest.Tables.ContainsKey(name))
                {
                    throw Reject(entry.FullName, "backup.unknown_entry");
                }
            }
            else if (entry.FullName.StartsWith("files/", StringComparison.Ordinal) && EvidenceFiles.IsStoredName(entry.Name)
                && manifest.Files?.TryGetValue(entry.Name, out var size) == true)
            {
                if (entry.Length != size || size > EvidenceFiles.MaxBytes)
                {
                    throw Reject(entry.FullName, "backup.bad_file");
                }
            }
            else if (!(manifest.FormatVersion == 1 && entry.FullName.StartsWith("files/", StringComparison.Ordinal)))
            {
                throw Reject(entry.FullName, "backup.unknown_entry", new Phrase("refusal.backup.unknown_entry.2"));
            }
        }

        if (total > MaxRestoreBytes)
        {
            throw Reject("manifest.json", "backup.too_large", MaxRestoreBytes / 1024 / 1024 / 1024);
        }

        foreach (var table in manifest.Tables.Keys)
        {
            if (zip.GetEntry($"tables/{table}.json") is null)
            {
                throw Reject($"tables/{table}.json", "backup.table_missing");
            }
        }

        // A backup of the current schema must hold every table of it (an older one may lack new ones).
        var latest = db.Database.GetMigrations().LastOrDefault();
        if (manifest.Migration == latest && known.FirstOrDefault(t => !manifest.Tables.ContainsKey(t)) is { } absent)
        {
            throw Reject($"tables/{absent}.json", "backup.table_missing", new Phrase("refusal.backup.table_missing.2"));
        }

        foreach (var file in manifest.Files?.Keys ?? Enumerable.Empty<string>())
        {
            if (!EvidenceFiles.IsStoredName(file) || zip.GetEntry("files/" + file) is null)
            {
                throw Reject("files/" + file, "backup.file_missing", new Phrase("refusal.backup.file_missing.2"));
            }
        }
    }

    /// Unpacks every file into `staging`, checking that its content hashes to its name.
    private static async Task<int> StageFilesAsync(ZipArchive zip, Manifest manifest, string staging, CancellationToken ct)
    {
        Directory.CreateDirectory(staging);
        var count = 0;
        foreach (var (name, size) in manifest.Files ?? [])
        {
            var entry = zip.GetEntry("files/" + name)!;
            var target = Path.Combine(staging, name);
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            await using (var source = new BoundedStream(entry.Open(), size, entry.FullName))
            await using (var file = File.Create(target))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            if (Convert.ToHexStringLower(hash.GetHashAndReset()) != name)
            {
                throw Reject(entry.FullName, "backup.bad_file", new Phrase("refusal.backup.bad_file.2"));
            }

            count++;
        }

        return count;
    }

    /// Streams one table's rows into the database in batches and checks their number against the
    /// manifest; a row that cannot be read is named by its position, never by a runtime message.
    private async Task<int> LoadTableAsync(IEntityType entity, ZipArchiveEntry zipEntry, int expected, CancellationToken ct)
    {
        var rowType = entity.ClrType;
        var count = 0;
        try
        {
            await using var s = new BoundedStream(zipEntry.Open(), Math.Min(zipEntry.Length, MaxRestoreBytes), zipEntry.FullName);
            var batch = 0;
            await foreach (var row in DeserializeRows(s, rowType, ct))
            {
                if (row is null)
                {
                    throw Reject($"{zipEntry.FullName}[{count}]", "backup.bad_table");
                }

                db.Add(row);
                count++;
                if (++batch == BatchSize)
                {
                    await SaveBatchAsync(zipEntry, count, ct);
                    batch = 0;
                }
            }

            await SaveBatchAsync(zipEntry, count, ct);
        }
        catch (JsonException)
        {
            throw Reject($"{zipEntry.FullName}[{count}]", "backup.bad_table", new Phrase("refusal.backup.bad_table.2"));
        }

        if (count != expected)
        {
            throw Reject(zipEntry.FullName, "backup.count_mismatch", count, expected);
        }

        return count;
    }

    private async Task SaveBatchAsync(ZipArchiveEntry zipEntry, int count, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (InputRejectedException e)
        {
            // A text the database must not hold (a NUL from an old SQLite file, say), named by table.
            throw Reject($"{zipEntry.FullName}[..{count}].{e.Errors[0].Location}", e.Code, e.Errors[0].Message.En ?? e.Code, e.Errors[0].Message.Es ?? e.Code);
        }
        catch (DbUpdateException)
        {
            throw Reject($"{zipEntry.FullName}[..{count}]", "backup.rows_rejected");
        }

        db.ChangeTracker.Clear();
    }

    private static IAsyncEnumerable<object?> DeserializeRows(Stream s, Type rowType, CancellationToken ct) =>
        (IAsyncEnumerable<object?>)DeserializeRowsMethod.MakeGenericMethod(rowType).Invoke(null, [s, ct])!;

    private static readonly MethodInfo DeserializeRowsMethod = typeof(BackupService).GetMethod(nameof(DeserializeRowsTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static async IAsyncEnumerable<object?> DeserializeRowsTyped<T>(Stream s, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable<T>(s, Json, ct))
        {
            yield return row;
        }
    }

    private async Task EnsureEmptyAsync(IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        var seedOnly = new HashSet<string>
        {
            nameof(Catalogue.IndicatorCatalogue), nameof(Catalogue.Domain), nameof(Catalogue.Area),
            nameof(Catalogue.Indicator), nameof(Catalogue.CrosswalkEntry), nameof(Audit.AuditEntry),
            // The ISO 3166-1 / M49 reference data that `migrate` loads; replaced by the archive's.
            nameof(Places.Country),
            nameof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey),
        };
        foreach (var entity in tables.Where(t => !seedOnly.Contains(t.ClrType.Name)))
        {
            if (await CountAsync(entity, ct) > 0)
            {
                throw Reject(entity.GetTableName() ?? entity.ClrType.Name, "backup.target_not_empty");
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

    /// Writes a table as one JSON array, row by row: no table is held in memory whole.
    private Task<int> WriteRowsAsync(IEntityType entity, Stream output, CancellationToken ct) =>
        (Task<int>)WriteRowsMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [entity, output, ct])!;

    private static readonly MethodInfo WriteRowsMethod = typeof(BackupService).GetMethod(nameof(WriteRowsTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private async Task<int> WriteRowsTyped<T>(IEntityType entity, Stream output, CancellationToken ct)
        where T : class
    {
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.Name).ToList();
        // Key order keeps self-references (a jurisdiction's parent) ahead of their children.
        var query = db.Set<T>().AsNoTracking().OrderBy(e => EF.Property<object>(e, keys[0]));
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartArray();
        var count = 0;
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            JsonSerializer.Serialize(writer, row, Json);
            count++;
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(ct);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(ct);
        return count;
    }

    private Task<int> CountAsync(IEntityType entity, CancellationToken ct) =>
        (Task<int>)CountMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [ct])!;

    private static readonly MethodInfo CountMethod = typeof(BackupService).GetMethod(nameof(CountTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private Task<int> CountTyped<T>(CancellationToken ct)
        where T : class => db.Set<T>().CountAsync(ct);

    /// A restricted self-reference (a catalogue version's previous version) refuses the delete of a
    /// row whose successor is still there, even in the same statement: the links are cut first.
    private async Task DeleteAllAsync(IEntityType entity, CancellationToken ct)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var fk in entity.GetForeignKeys().Where(f => f.PrincipalEntityType == entity && !f.IsRequired))
        {
            var columns = string.Join(", ", fk.Properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!) + " = NULL"));
            var update = "UPDATE " + sql.DelimitIdentifier(table.Name, table.Schema) + " SET " + columns;
            await db.Database.ExecuteSqlRawAsync(update, ct);
        }

        await (Task)DeleteMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [ct])!;
    }

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

    private static InputRejectedException Reject(string location, string code, params object?[] args) =>
        new(code, new InputError(location, code, args));

    private static InputRejectedException Reject(string location, string code, Phrase message) =>
        new(code, new InputError(location, code, message));
}

/// A read-only view of a stream that refuses to yield more than `limit` bytes: a zip entry that
/// inflates beyond what it declared (a zip bomb) is stopped at the declared size.
internal sealed class BoundedStream(Stream inner, long limit, string location) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        read += n;
        if (read > limit)
        {
            throw new InputRejectedException("backup.entry_too_large", new InputError(location, "backup.entry_too_large"));
        }

        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
