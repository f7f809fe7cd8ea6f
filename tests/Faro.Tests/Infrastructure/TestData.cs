using Faro.Assessments;
using Faro.Data;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Infrastructure;

/// Builders for test data, each one intent ("a city with an assessment in data collection").
/// Everything is fictional and says so.
public static partial class TestData
{
    public static async Task<Country> CountryAsync(FaroDb db, string iso2 = "XT")
    {
        var country = new Country
        {
            Iso2 = iso2,
            Iso3 = iso2 + "X",
            M49 = 999,
            Name = new LocalizedText($"Testland {iso2} (fictional)", $"Testlandia {iso2} (ficticio)"),
            IsFictional = true,
        };
        db.Countries.Add(country);
        await db.SaveChangesAsync();
        return country;
    }

    /// A fictional city with two institutions and an assessment on the seed catalogue, with
    /// `answered` answers (alternating yes / partial / no), each yes or partial backed by evidence.
    public static async Task<Assessment> CityAssessmentAsync(FaroDb db, Country country, string city = "Testville", int answered = 10,
        Stage stage = Stage.DataCollection)
    {
        var catalogue = await db.Catalogues.OrderBy(c => c.Id).FirstAsync();
        var jurisdiction = new Jurisdiction { CountryId = country.Id, Name = city, AdminLevel = 2, IsFictional = true };
        db.Jurisdictions.Add(jurisdiction);
        var municipality = new Institution
        {
            CountryId = country.Id,
            Jurisdiction = jurisdiction,
            Name = new LocalizedText($"Municipality of {city}", $"Municipio de {city}"),
            Kind = InstitutionKind.LocalGovernment,
            IsFictional = true,
        };
        db.Institutions.Add(municipality);
        var now = DateTime.UtcNow;
        var assessment = new Assessment
        {
            Level = AssessmentLevel.Local,
            CountryId = country.Id,
            Jurisdiction = jurisdiction,
            CatalogueId = catalogue.Id,
            Stage = stage,
            Title = new LocalizedText($"{city} local assessment", $"Evaluación local de {city}"),
            Context = new LocalizedText($"{city} is a fictional test city.", $"{city} es una ciudad ficticia de prueba."),
            CreatedAt = now,
            UpdatedAt = now,
            IsFictional = true,
        };
        db.Assessments.Add(assessment);
        await db.SaveChangesAsync();

        var plan = new Evidence
        {
            AssessmentId = assessment.Id,
            Title = new LocalizedText($"{city} municipal development plan 2024–2028", $"Plan de desarrollo municipal de {city} 2024–2028"),
            Type = EvidenceType.Plan,
            IssuingBody = $"Municipality of {city}",
            IssuedOn = new DateOnly(2024, 3, 1),
            Url = "https://example.org/plan",
            CreatedAt = now,
        };
        db.Evidence.Add(plan);
        await db.SaveChangesAsync();

        var indicators = await db.Indicators.Where(i => i.CatalogueId == catalogue.Id).OrderBy(i => i.Order).Take(answered).ToListAsync();
        var statuses = new[] { AnswerStatus.Yes, AnswerStatus.Partial, AnswerStatus.No };
        foreach (var (indicator, n) in indicators.Select((x, n) => (x, n)))
        {
            var status = statuses[n % statuses.Length];
            var answer = new Answer
            {
                AssessmentId = assessment.Id,
                IndicatorId = indicator.Id,
                Status = status,
                Narrative = new LocalizedText($"Answer {indicator.Code} of {city}: ñandú, acción.", $"Respuesta {indicator.Code} de {city}: ñandú, acción."),
                ResponsibleInstitutionId = municipality.Id,
                UpdatedAt = now,
            };
            if (status is AnswerStatus.Yes or AnswerStatus.Partial)
            {
                answer.Evidence.Add(new AnswerEvidence { EvidenceId = plan.Id, Section = $"Chapter {n + 1}" });
            }

            db.Answers.Add(answer);
        }

        await db.SaveChangesAsync();
        return assessment;
    }
}
