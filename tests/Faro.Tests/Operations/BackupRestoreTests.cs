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
        await target.Db(async db => await TestData.CountryAsync(db, "XY"));
        var e = await Assert.ThrowsAsync<InputRejectedException>(() => target.Run<BackupService>(b => b.RestoreAsync(archive)));
        Assert.Equal("backup.target_not_empty", e.Errors.Single().Code);
        Assert.Equal(1, await target.Db(db => db.Countries.CountAsync()));
        Assert.Equal(88, await target.Db(db => db.Indicators.CountAsync()));
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
        Assert.Equal(88, await target.Db(db => db.Indicators.CountAsync()));
    }
}
