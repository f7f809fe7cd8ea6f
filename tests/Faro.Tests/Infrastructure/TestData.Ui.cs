using Faro.Assessments;
using Faro.People;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Faro.Tests.Infrastructure;

/// A fictional country with three assessments in the stages the UI journeys walk through, and one
/// user per role. Every person and place is fictional.
public sealed record UiWorld(int CountryId, int InductionId, int CollectingId, int ReviewId, int OtherCountryAssessmentId,
    int MunicipalityId, int HealthId, int ReviewFocalInstitutionId)
{
    public const string Password = "a-long-password-1";
    public const string Admin = "admin@faro.test";
    public const string Coordinator = "coordinadora@faro.test";
    public const string Researcher = "investigador@faro.test";
    public const string FocalPoint = "punto.focal@faro.test";
    public const string ReviewFocalPoint = "revision.focal@faro.test";
    public const string Reviewer = "revisor@faro.test";
    public const string Outsider = "ajena@faro.test";
}

public static partial class TestData
{
    public static async Task<UiWorld> UiWorldAsync(FaroApp app)
    {
        var world = await app.WithDb(async db =>
        {
            var xt = await CountryAsync(db, "XT");
            var xu = await CountryAsync(db, "XU");
            var induction = await CityAssessmentAsync(db, xt, "Villa Esperanza", answered: 0, stage: Stage.Induction);
            var collecting = await CityAssessmentAsync(db, xt, "Puerto Nuevo", answered: 12, stage: Stage.DataCollection);
            var review = await CityAssessmentAsync(db, xt, "San Aurelio", answered: 88, stage: Stage.GovernmentReview);
            var other = await CityAssessmentAsync(db, xu, "Villa Ajena", answered: 5);

            var municipality = await db.Institutions.FirstAsync(i => i.JurisdictionId == collecting.JurisdictionId);
            var health = new Institution
            {
                CountryId = xt.Id,
                Name = new LocalizedText("Ministry of Health, regional office (fictional)", "Ministerio de Salud, dirección regional (ficticio)"),
                Acronym = "MISA",
                Kind = InstitutionKind.NationalAgency,
                IsFictional = true,
            };
            db.Institutions.Add(health);
            await db.SaveChangesAsync();

            // Puerto Nuevo: the municipality answers D2 and D1-08; health answers D1-01..04.
            var indicators = await db.Indicators.Where(i => i.CatalogueId == collecting.CatalogueId).ToListAsync();
            var now = DateTime.UtcNow;
            foreach (var i in indicators.Where(i => i.Code.StartsWith("D2-", StringComparison.Ordinal) || i.Code == "D1-08"))
            {
                db.Assignments.Add(new IndicatorAssignment { AssessmentId = collecting.Id, IndicatorId = i.Id, InstitutionId = municipality.Id, AssignedAt = now });
            }

            foreach (var i in indicators.Where(i => i.Code is "D1-01" or "D1-02" or "D1-03" or "D1-04"))
            {
                db.Assignments.Add(new IndicatorAssignment { AssessmentId = collecting.Id, IndicatorId = i.Id, InstitutionId = health.Id, AssignedAt = now });
            }

            db.FocalPoints.Add(new FocalPoint { AssessmentId = collecting.Id, InstitutionId = municipality.Id, ContactName = "Marta Quintero", AssignedAt = now });

            // San Aurelio: in government review with one finding on D1-01, assigned to its municipality.
            var reviewMunicipality = await db.Institutions.FirstAsync(i => i.JurisdictionId == review.JurisdictionId);
            var d101 = indicators.First(i => i.Code == "D1-01");
            db.Assignments.Add(new IndicatorAssignment { AssessmentId = review.Id, IndicatorId = d101.Id, InstitutionId = reviewMunicipality.Id, AssignedAt = now });
            db.ReviewPoints.Add(new ReviewPoint
            {
                AssessmentId = review.Id,
                IndicatorId = d101.Id,
                Finding = new LocalizedText("Health services serve migrants regardless of status.", "Los servicios de salud atienden a migrantes sin importar su estatus."),
                RaisedAt = now,
            });
            await db.SaveChangesAsync();
            return new UiWorld(xt.Id, induction.Id, collecting.Id, review.Id, other.Id, municipality.Id, health.Id, reviewMunicipality.Id);
        });

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.AddAsync(UiWorld.Admin, "Ada Admin", Role.Admin, ScopeSpec.None, UiWorld.Password, "test");
        await users.AddAsync(UiWorld.Coordinator, "Carla Coordinadora", Role.Coordinator, new ScopeSpec("XT", null, null), UiWorld.Password, "test");
        await users.AddAsync(UiWorld.Researcher, "Iván Investigador", Role.Researcher, new ScopeSpec(null, world.CollectingId, null), UiWorld.Password, "test");
        await users.AddAsync(UiWorld.FocalPoint, "Marta Quintero", Role.FocalPoint, new ScopeSpec(null, world.CollectingId, world.MunicipalityId), UiWorld.Password, "test");
        await users.AddAsync(UiWorld.ReviewFocalPoint, "Rosa Revisión", Role.FocalPoint, new ScopeSpec(null, world.ReviewId, world.ReviewFocalInstitutionId), UiWorld.Password, "test");
        await users.AddAsync(UiWorld.Reviewer, "Nico Nacional", Role.NationalReviewer, new ScopeSpec("XT", null, null), UiWorld.Password, "test");
        await users.AddAsync(UiWorld.Outsider, "Olga Otra", Role.Coordinator, new ScopeSpec("XU", null, null), UiWorld.Password, "test");
        return world;
    }
}
