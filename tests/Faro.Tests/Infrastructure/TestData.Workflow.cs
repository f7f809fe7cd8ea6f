using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Infrastructure;

/// Two fictional countries, each with a city assessment, and one user per role and scope: the
/// cast of the workflow and authorization tests. "in" users are in the scope of assessment A
/// (Alpha, country XT); "out" users hold the same role elsewhere (Beta, country XU).
public sealed record WorkflowWorld(int AssessmentId, int OtherAssessmentId, int CountryId, int MunicipalityId, int HealthOfficeId,
    int OtherMunicipalityId, string AssignedCode, IReadOnlyDictionary<string, int> Users)
{
    public const string Password = "a-long-password-1";

    public static readonly IReadOnlyList<string> Cast =
    [
        "admin", "coordinator-in", "coordinator-out", "researcher-in", "researcher-out",
        "focal-point-in", "focal-point-other", "focal-point-out", "reviewer-in", "reviewer-out",
    ];

    public static string Email(string who) => who + "@test.example";
}

public static partial class TestData
{
    public static async Task<WorkflowWorld> WorkflowWorldAsync(IServiceProvider services, Stage stage = Stage.DataCollection, int answered = 10)
    {
        var db = services.GetRequiredService<FaroDb>();
        var xt = await CountryAsync(db, "XT");
        var xu = await CountryAsync(db, "XU");
        var a = await CityAssessmentAsync(db, xt, "Alpha", answered, stage);
        var b = await CityAssessmentAsync(db, xu, "Beta", answered, stage);
        var municipality = await db.Institutions.Where(i => i.JurisdictionId == a.JurisdictionId).Select(i => i.Id).SingleAsync();
        var otherMunicipality = await db.Institutions.Where(i => i.JurisdictionId == b.JurisdictionId).Select(i => i.Id).SingleAsync();
        var health = new Institution
        {
            CountryId = xt.Id,
            JurisdictionId = a.JurisdictionId,
            Name = new LocalizedText("Alpha health office", "Oficina de salud de Alpha"),
            Kind = InstitutionKind.NationalAgency,
            IsFictional = true,
        };
        db.Institutions.Add(health);
        await db.SaveChangesAsync();
        var firstCode = await db.Indicators.Where(i => i.CatalogueId == a.CatalogueId).OrderBy(i => i.Code).Select(i => new { i.Id, i.Code }).FirstAsync();
        db.Assignments.Add(new IndicatorAssignment { AssessmentId = a.Id, IndicatorId = firstCode.Id, InstitutionId = municipality, AssignedAt = DateTime.UtcNow });
        db.Assignments.Add(new IndicatorAssignment { AssessmentId = b.Id, IndicatorId = firstCode.Id, InstitutionId = otherMunicipality, AssignedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        var users = services.GetRequiredService<UserService>();
        var cast = new (string Who, Role Role, ScopeSpec Scope)[]
        {
            ("admin", Role.Admin, ScopeSpec.None),
            ("coordinator-in", Role.Coordinator, new("XT", null, null)),
            ("coordinator-out", Role.Coordinator, new("XU", null, null)),
            ("researcher-in", Role.Researcher, new(null, a.Id, null)),
            ("researcher-out", Role.Researcher, new(null, b.Id, null)),
            ("focal-point-in", Role.FocalPoint, new(null, a.Id, municipality)),
            ("focal-point-other", Role.FocalPoint, new(null, a.Id, health.Id)),
            ("focal-point-out", Role.FocalPoint, new(null, b.Id, otherMunicipality)),
            ("reviewer-in", Role.NationalReviewer, new("XT", null, null)),
            ("reviewer-out", Role.NationalReviewer, new("XU", null, null)),
        };
        var ids = new Dictionary<string, int>();
        foreach (var (who, role, scope) in cast)
        {
            var user = await users.AddAsync(WorkflowWorld.Email(who), who, role, scope, WorkflowWorld.Password, "test", language: Languages.English);
            ids[who] = user.Id;
        }

        return new WorkflowWorld(a.Id, b.Id, xt.Id, municipality, health.Id, otherMunicipality, firstCode.Code, ids);
    }

    public static async Task<Actor> ActorAsync(IServiceProvider services, WorkflowWorld world, string who) =>
        await services.GetRequiredService<Access>().ActorAsync(world.Users[who], "127.0.0.1");

    /// Everything the gates ask for up to `government-review`: a held induction and validation
    /// workshop, every indicator answered with evidence, a focal point, the context in both languages.
    public static async Task SatisfyGatesAsync(FaroDb db, int assessmentId)
    {
        var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId);
        var evidence = await db.Evidence.FirstAsync(e => e.AssessmentId == assessmentId);
        var answered = await db.Answers.Where(a => a.AssessmentId == assessmentId).Select(a => a.IndicatorId).ToListAsync();
        foreach (var indicator in await db.Indicators.Where(i => i.CatalogueId == assessment.CatalogueId && !answered.Contains(i.Id)).ToListAsync())
        {
            db.Answers.Add(new Answer
            {
                AssessmentId = assessmentId,
                IndicatorId = indicator.Id,
                Status = AnswerStatus.Yes,
                UpdatedAt = DateTime.UtcNow,
                Evidence = [new AnswerEvidence { EvidenceId = evidence.Id }],
            });
        }

        db.Workshops.Add(new Workshop { AssessmentId = assessmentId, Kind = WorkshopKind.Induction, Status = WorkshopStatus.Held, Date = new DateOnly(2025, 9, 2) });
        db.Workshops.Add(new Workshop { AssessmentId = assessmentId, Kind = WorkshopKind.Validation, Status = WorkshopStatus.Held, Date = new DateOnly(2026, 1, 11) });
        var institution = await db.Institutions.FirstAsync(i => i.JurisdictionId == assessment.JurisdictionId);
        db.FocalPoints.Add(new FocalPoint { AssessmentId = assessmentId, InstitutionId = institution.Id, ContactName = "Ana (fictional)", AssignedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
}
