using Faro.Assessments;
using Faro.Data;
using Faro.Operations;
using Faro.People;
using Faro.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Operations;

public class BackupRestoreTests
{
    private static async Task<(CoreServices Core, int AssessmentId)> SqliteWithDataAsync()
    {
        var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var id = await core.Db(async db =>
        {
            var country = await TestData.CountryAsync(db);
            var parent = new Faro.Places.Jurisdiction { CountryId = country.Id, Name = "Province (fictional)", AdminLevel = 1, IsFictional = true };
            db.Jurisdictions.Add(parent);
            await db.SaveChangesAsync();
            var assessment = await TestData.CityAssessmentAsync(db, country, "Villa Prueba", answered: 30);
            var city = await db.Jurisdictions.SingleAsync(j => j.Id == assessment.JurisdictionId);
            city.ParentId = parent.Id;
            await db.SaveChangesAsync();
            return assessment.Id;
        });
        await core.Run<UserService>(u => u.AddAsync("coord@example.org", "Coordinator", Role.Coordinator, new ScopeSpec("XT", null, null), "a-long-password-1", "test"));
        return (core, id);
    }

    private static async Task<object> SnapshotAsync(FaroDb db, int assessmentId) => new
    {
        Assessment = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId)
            .Select(a => new { a.Id, a.Stage, a.Title.En, a.Title.Es, ContextEs = a.Context.Es, a.JurisdictionId, a.CatalogueId }).SingleAsync(),
        Answers = (await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessmentId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.IndicatorId, a.Status, a.Narrative.En, a.Narrative.Es, a.Revision, a.UpdatedAt, a.ResponsibleInstitutionId })
            .ToListAsync()).Select(a => a.ToString()).ToList(),
        Evidence = (await db.Evidence.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Title.En, e.Title.Es, e.Type, e.IssuedOn, e.Url, e.IssuingBody }).ToListAsync()).Select(e => e.ToString()).ToList(),
        Links = (await db.AnswerEvidence.AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.AnswerId, l.EvidenceId, l.Section }).ToListAsync())
            .Select(l => l.ToString()).ToList(),
        Parents = (await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Id).Select(j => new { j.Id, j.ParentId, j.Name }).ToListAsync()).Select(j => j.ToString()).ToList(),
        Users = (await db.Users.AsNoTracking().Select(u => new { u.Email, u.PasswordHash }).ToListAsync()).Select(u => u.ToString()).ToList(),
    };

    [Fact]
    public async Task BackupOfSqlite_RestoredIntoPostgres_GivesTheSameAssessmentsAnswersAndEvidence()
    {
        var (sqlite, assessmentId) = await SqliteWithDataAsync();
        await using var _ = sqlite;
        var archive = Path.Combine(sqlite.Database.Options.DataDirectory, "backup.zip");
        await sqlite.Run<BackupService>(b => b.BackupAsync(archive));
        var expected = await sqlite.Db(db => SnapshotAsync(db, assessmentId));

        await using var postgres = await CoreServices.StartAsync(DatabaseProviders.Postgres);
        await postgres.Run<BackupService>(b => b.RestoreAsync(archive));

        var actual = await postgres.Db(db => SnapshotAsync(db, assessmentId));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));

        // The sequences continue after the restored ids: a new row does not collide.
        await postgres.Db(async db =>
        {
            db.Evidence.Add(new Evidence { AssessmentId = assessmentId, Title = new("New", "Nueva"), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        // And the restored user can still sign in with the same password.
        var ok = await postgres.Run<Microsoft.AspNetCore.Identity.UserManager<User>, bool>(async users =>
            await users.CheckPasswordAsync((await users.FindByEmailAsync("coord@example.org"))!, "a-long-password-1"));
        Assert.True(ok);
    }

    [Theory, AllProviders]
    public async Task Restore_IntoADatabaseWithData_IsRefusedAndChangesNothing(string provider)
    {
        var (sqlite, _) = await SqliteWithDataAsync();
        await using var _s = sqlite;
        var archive = Path.Combine(sqlite.Database.Options.DataDirectory, "backup.zip");
        await sqlite.Run<BackupService>(b => b.BackupAsync(archive));

        await using var target = await CoreServices.StartAsync(provider);
        await target.Db(async db =>
        {
            var country = await TestData.CountryAsync(db, "XY");
            db.Jurisdictions.Add(new Faro.Places.Jurisdiction { CountryId = country.Id, Name = "Villa Ocupada (fictional)", AdminLevel = 2, IsFictional = true });
            await db.SaveChangesAsync();
        });
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => target.Run<BackupService>(b => b.RestoreAsync(archive)));
        Assert.Equal("backup.target_not_empty", e.Errors.Single().Code);
        Assert.Equal(1, await target.Db(db => db.Jurisdictions.CountAsync()));
        Assert.Equal(88 * Faro.Catalogue.CatalogueService.SeedVersions.Count, await target.Db(db => db.Indicators.CountAsync()));
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotABackup_SaysSo()
    {
        await using var target = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var file = Path.Combine(target.Database.Options.DataDirectory, "not-a-backup.zip");
        await File.WriteAllTextAsync(file, "hello");
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => target.Run<BackupService>(b => b.RestoreAsync(file)));
        Assert.Equal("backup.not_an_archive", e.Errors.Single().Code);
    }

    [Fact]
    public async Task Restore_OfATruncatedTable_RollsBackEverything()
    {
        var (sqlite, _) = await SqliteWithDataAsync();
        await using var _s = sqlite;
        var archive = Path.Combine(sqlite.Database.Options.DataDirectory, "backup.zip");
        await sqlite.Run<BackupService>(b => b.BackupAsync(archive));
        // Corrupt one late table: the earlier tables must not stay behind.
        using (var zip = System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.GetEntry("tables/AnswerEvidence.json")!.Delete();
            var broken = zip.CreateEntry("tables/AnswerEvidence.json");
            await using var s = broken.Open();
            await s.WriteAsync("[{\"id\": 1, \"answerId\":"u8.ToArray());
        }

        await using var target = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        await Assert.ThrowsAsync<InputRejectedException>(() => target.Run<BackupService>(b => b.RestoreAsync(archive)));
        Assert.Equal(0, await target.Db(db => db.Assessments.CountAsync()));
        Assert.Equal(88 * Faro.Catalogue.CatalogueService.SeedVersions.Count, await target.Db(db => db.Indicators.CountAsync()));
    }
}

public sealed class BackupVerificationTests
{
    private static async Task<(CoreServices Core, string Archive, int EvidenceId, byte[] Bytes)> BackupWithAFileAsync()
    {
        var core = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var bytes = "%PDF-1.4 a fictional ordinance"u8.ToArray();
        var evidenceId = await core.Run<EvidenceFiles, int>(async files =>
        {
            await using var stream = new MemoryStream(bytes);
            var stored = await files.StoreAsync("ordenanza.pdf", bytes.Length, stream);
            return await core.Db(async db =>
            {
                var country = await TestData.CountryAsync(db);
                var assessment = await TestData.CityAssessmentAsync(db, country, "Villa Copia", answered: 5);
                var evidence = new Evidence
                {
                    AssessmentId = assessment.Id,
                    Title = new("Ordinance (fictional)", "Ordenanza (ficticia)"),
                    FileName = stored.FileName,
                    FileContentType = stored.ContentType,
                    FileSha256 = stored.Sha256,
                    FileSize = stored.Size,
                    CreatedAt = DateTime.UtcNow,
                };
                db.Evidence.Add(evidence);
                await db.SaveChangesAsync();
                return evidence.Id;
            });
        });
        var archive = Path.Combine(core.Database.Options.DataDirectory, "backup.zip");
        await core.Run<BackupService>(b => b.BackupAsync(archive));
        return (core, archive, evidenceId, bytes);
    }

    private static async Task<InputRejectedException> RestoreRefusedAsync(string archive)
    {
        await using var target = await CoreServices.StartAsync(DatabaseProviders.Sqlite);
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => target.Run<BackupService>(b => b.RestoreAsync(archive)));
        Assert.Equal(0, await target.Db(db => db.Assessments.CountAsync()));
        Assert.Equal(88 * Faro.Catalogue.CatalogueService.SeedVersions.Count, await target.Db(db => db.Indicators.CountAsync()));
        var store = Path.Combine(target.Database.Options.FullDataDirectory, "evidence");
        Assert.True(!Directory.Exists(store) || Directory.GetFiles(store).Length == 0, "no file may be written by a refused restore");
        return e;
    }

    private static void Edit(string archive, Action<System.IO.Compression.ZipArchive> change)
    {
        using var zip = System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Update);
        change(zip);
    }

    [Theory, AllProviders]
    public async Task Backup_HoldsTheUploadedFiles_AndTheRestoredInstallationServesThem(string provider)
    {
        var (source, archive, evidenceId, bytes) = await BackupWithAFileAsync();
        await using var _ = source;
        await using var target = await CoreServices.StartAsync(provider);
        var restored = await target.Run<BackupService, BackupService.Restored>(b => b.RestoreAsync(archive));
        Assert.Equal(1, restored.Files);
        Assert.Equal(restored.Manifest.Tables.Values.Sum(), restored.Rows);
        var path = await target.Run<EvidenceFiles, string?>(async files =>
            files.PathOf(await target.Db(db => db.Evidence.Where(e => e.Id == evidenceId).Select(e => e.FileSha256).SingleAsync())));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path!));
    }

    [Fact]
    public async Task Restore_OfAnArchiveMissingTables_IsRefused()
    {
        var (source, archive, _, _) = await BackupWithAFileAsync();
        await using var _s = source;
        Edit(archive, zip =>
        {
            foreach (var name in new[] { "Answer", "AnswerEvidence", "Evidence", "Workshop" })
            {
                zip.GetEntry($"tables/{name}.json")!.Delete();
            }
        });
        Assert.Equal("backup.table_missing", (await RestoreRefusedAsync(archive)).Errors.Single().Code);
    }

    [Fact]
    public async Task Restore_OfAZipWithOnlyAManifest_IsRefused_AndKeepsTheSeedCatalogue()
    {
        var (source, archive, _, _) = await BackupWithAFileAsync();
        await using var _s = source;
        Edit(archive, zip =>
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName != "manifest.json").ToList())
            {
                entry.Delete();
            }
        });
        Assert.Equal("backup.table_missing", (await RestoreRefusedAsync(archive)).Errors.Single().Code);
    }

    [Fact]
    public async Task Restore_WithFewerRowsThanTheManifestSays_IsRefused()
    {
        var (source, archive, _, _) = await BackupWithAFileAsync();
        await using var _s = source;
        Edit(archive, zip =>
        {
            zip.GetEntry("tables/Answer.json")!.Delete();
            using var s = zip.CreateEntry("tables/Answer.json").Open();
            s.Write("[]"u8);
        });
        var e = await RestoreRefusedAsync(archive);
        Assert.Equal("backup.count_mismatch", e.Errors.Single().Code);
        Assert.Equal("tables/Answer.json", e.Errors.Single().Location);
    }

    [Fact]
    public async Task Restore_OfAnUnannouncedOrOversizedOrDamagedFile_IsRefused()
    {
        var (source, archive, _, _) = await BackupWithAFileAsync();
        await using var _s = source;
        var copy = archive + ".2.zip";
        File.Copy(archive, copy);
        Edit(archive, zip =>
        {
            using var s = zip.CreateEntry("files/" + new string('b', 64)).Open();
            s.Write(new byte[4096]);
        });
        Assert.Equal("backup.unknown_entry", (await RestoreRefusedAsync(archive)).Errors.Single().Code);

        Edit(copy, zip =>
        {
            var file = zip.Entries.Single(e => e.FullName.StartsWith("files/", StringComparison.Ordinal));
            var name = file.FullName;
            file.Delete();
            using var s = zip.CreateEntry(name).Open();
            s.Write("%PDF-1.4 a fictional ordinanCE"u8);
        });
        Assert.Equal("backup.bad_file", (await RestoreRefusedAsync(copy)).Errors.Single().Code);
    }
}
