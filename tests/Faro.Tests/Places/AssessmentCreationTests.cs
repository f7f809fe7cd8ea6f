using Faro.Assessments;
using Faro.People;
using Faro.Places;
using Faro.Tests.Infrastructure;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Places;

public class AssessmentCreationTests
{
    private const string Gazetteer = "ADM1_ES,ADM1_PCODE,ADM2_ES,ADM2_EN,ADM2_PCODE\nPanamá Oeste,PA13,Arraiján,Arraijan,PA1302\n";

    [Theory, AllProviders]
    public async Task ACoordinatorCreatesALocalAssessment_WithTitlesFromThePlace_ThenWithdrawsIt(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        await core.Run<GazetteerImport, GazetteerPreview>(g => g.ApplyAsync(Actor.System("test"), "PA", System.Text.Encoding.UTF8.GetBytes(Gazetteer)));
        var (panama, arraijan) = await core.Db(async db => (
            await db.Countries.Where(c => c.Iso2 == "PA").Select(c => c.Id).SingleAsync(),
            await db.Jurisdictions.Where(j => j.Code == "PA1302").Select(j => j.Id).SingleAsync()));
        var coordinator = new Actor(7, "coordinator", [new RoleAssignment { UserId = 7, Role = Role.Coordinator, CountryId = panama }], null);

        var created = await core.Run<AssessmentCreation, Assessment>(c => c.CreateAsync(coordinator, new NewAssessment("PA", arraijan,
            NationalReferenceTitleEn: "Migration Governance Indicators: Panama 2019", NationalReferenceYear: 2019,
            NationalReferenceUrl: "https://publications.iom.int/")));
        Assert.Equal((Stage.Requested, AssessmentLevel.Local, 1), (created.Stage, created.Level, created.Round));
        Assert.Equal("Arraijan: local migration governance assessment", created.Title.En);
        Assert.Equal("Arraiján: evaluación local de la gobernanza de la migración", created.Title.Es);

        await core.Run<AssessmentCreation>(c => c.WithdrawAsync(coordinator, created.Id, "The municipality postponed the exercise."));
        var stored = await core.Db(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == created.Id));
        Assert.NotNull(stored.WithdrawnAt);
        Assert.Equal("The municipality postponed the exercise.", stored.WithdrawnReason);
        var actions = await core.Db(db => db.Audit.Where(a => a.AssessmentId == created.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["assessment.create", "assessment.withdraw"], actions.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<RefusedException>(() => core.Run<AssessmentCreation>(c => c.WithdrawAsync(coordinator, created.Id, "again")));
    }

    [Theory, AllProviders]
    public async Task BadInput_NamesEachField_AndAnotherCountrysCoordinatorIsRefused(string provider)
    {
        await using var core = await CoreServices.StartAsync(provider);
        var colombia = await core.Db(db => db.Countries.Where(c => c.Iso2 == "CO").Select(c => c.Id).SingleAsync());
        var outsider = new Actor(8, "other", [new RoleAssignment { UserId = 8, Role = Role.Coordinator, CountryId = colombia }], null);
        var forbidden = await Assert.ThrowsAsync<RefusedException>(() => core.Run<AssessmentCreation, Assessment>(c => c.CreateAsync(outsider, new NewAssessment("PA"))));
        Assert.Equal(RefusalKind.Forbidden, forbidden.Kind);

        var bad = await Assert.ThrowsAsync<InputRejectedException>(() => core.Run<AssessmentCreation, Assessment>(c => c.CreateAsync(Actor.System("test"),
            new NewAssessment("PA", JurisdictionId: 999999, NationalReferenceUrl: "javascript:alert(1)", NationalReferenceYear: 1200))));
        Assert.Equal(["jurisdictionId", "nationalReferenceUrl", "nationalReferenceYear"], bad.Errors.Select(e => e.Location));
        Assert.All(bad.Errors, e => Assert.False(string.IsNullOrEmpty(e.Message.Es)));
        Assert.Equal(0, await core.Db(db => db.Assessments.CountAsync()));
    }

    [Fact]
    public async Task TheCli_CreatesWithdrawsAndListsANationalAssessment()
    {
        using var db = TestDatabase.Create(Faro.Data.DatabaseProviders.Sqlite);
        var result = await FaroCli.RunAsync(db, "assessment", "create", "--country", "PA");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var created = System.Text.RegularExpressions.Regex.Match(result.Stdout, @"^created assessment (\d+) \(national, round 1, requested\): Panama: national migration governance assessment");
        Assert.True(created.Success, result.Stdout);
        var id = created.Groups[1].Value;
        Assert.Matches($@"(?m)^\s*{id}\s+requested\s+national", (await FaroCli.RunAsync(db, "assessment", "list")).Stdout);

        var noReason = await FaroCli.RunAsync(db, "assessment", "withdraw", "--id", id, "--reason", " ");
        Assert.NotEqual(0, noReason.ExitCode);
        Assert.Contains("reason", noReason.Stderr, StringComparison.Ordinal);
        var withdrawn = await FaroCli.RunAsync(db, "assessment", "withdraw", "--id", id, "--reason", "The ministry postponed the exercise.");
        Assert.True(withdrawn.ExitCode == 0, withdrawn.Stderr);

        // Out of the list by default, kept and marked with --withdrawn.
        Assert.DoesNotMatch($@"(?m)^\s*{id}\s", (await FaroCli.RunAsync(db, "assessment", "list")).Stdout);
        Assert.Matches($@"(?m)^\s*{id}\s+requested\s+national.*\[withdrawn\]", (await FaroCli.RunAsync(db, "assessment", "list", "--withdrawn")).Stdout);
    }
}
