using Faro.Assessments;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Demo;

/// The real seed case. Everything here is a public fact from docs/domain.md §2 and the two IOM Panama
/// news items cited as workshop sources; nothing is inferred. Where a fact is not public (the
/// district's statistics code, workshop venues, attendance, who the focal points are, any answer),
/// the field stays empty rather than guessed.
public sealed partial class DemoSeeder
{
    private const string InductionSource =
        "https://panama.iom.int/en/news/authorities-la-chorrera-participate-induction-workshop-migration-governance-indicators-local-level";

    private const string ValidationSource =
        "https://panama.iom.int/en/news/local-authorities-la-chorrera-participate-workshop-validate-migration-governance-indicators";

    private sealed record PanamaSeed(
        Country Country, Assessment LaChorrera, Assessment National, Institution Municipality);

    // §8.3 of the domain brief: which participating institution is asked about which indicators.
    private static readonly (string Acronym, string[] Codes)[] LaChorreraRouting =
    [
        ("MUNICIPALITY", [
            .. Range("D2", 1, 18), .. Range("D3", 1, 10), "D1-08", "D1-13", "D1-16", "D4-01", .. Range("D4", 9, 12),
            .. Range("D5", 1, 3), "D5-06", "D5-08", "D5-10", "D6-06"]),
        ("MINSA", [.. Range("D1", 1, 4), "D5-05"]),
        ("SENNIAF", ["D1-09", "D6-05"]),
        ("INAMU", ["D1-10", "D6-07"]),
        ("MITRADEL", ["D1-14", .. Range("D4", 2, 4), "D6-10"]),
        ("AMPYME", ["D4-06", "D4-07"]),
        ("POLICE", [.. Range("D6", 4, 6), "D6-13", "D6-14"]),
        ("MIVIOT", ["D1-12", "D2-07", "D5-02"]),
    ];

    private static IEnumerable<string> Range(string domain, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(n => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{domain}-{n:00}"));

    private async Task<PanamaSeed> SeedPanamaAsync(int catalogueId, IReadOnlyList<CatalogueIndicator> indicators, DateTime now, CancellationToken ct)
    {
        // Panama comes from the ISO 3166-1 reference data `migrate` loads; created here only for a
        // database that was never migrated by Faro (some tests build the schema directly).
        var panama = await db.Countries.AsTracking().FirstOrDefaultAsync(c => c.Iso2 == "PA", ct)
            ?? new Country { Iso2 = "PA", Iso3 = "PAN", M49 = 591, Name = new LocalizedText("Panama", "Panamá") };
        var panamaOeste = new Jurisdiction
        {
            Country = panama,
            Name = "Panamá Oeste",
            AdminLevel = 1,
            Code = "PA-10",
            CodeSystem = "ISO 3166-2",
        };
        // The district's national statistics code is not in our sources, so it stays empty.
        var laChorrera = new Jurisdiction { Country = panama, Parent = panamaOeste, Name = "La Chorrera", AdminLevel = 2 };

        // The institutions at the induction workshop (domain.md §2). National bodies have no
        // jurisdiction: the sources do not say which of their offices took part.
        var municipality = Institution(panama, laChorrera, "Municipality of La Chorrera", "Municipio de La Chorrera", null, InstitutionKind.LocalGovernment);
        var institutions = new Dictionary<string, Institution>(StringComparer.Ordinal)
        {
            ["MUNICIPALITY"] = municipality,
            ["SENNIAF"] = Institution(panama, null, "National Secretariat for Children, Adolescents and Family", "Secretaría Nacional de Niñez, Adolescencia y Familia", "SENNIAF", InstitutionKind.NationalAgency),
            ["INAMU"] = Institution(panama, null, "National Institute for Women", "Instituto Nacional de la Mujer", "INAMU", InstitutionKind.NationalAgency),
            ["MITRADEL"] = Institution(panama, null, "Ministry of Labour and Labour Development", "Ministerio de Trabajo y Desarrollo Laboral", "MITRADEL", InstitutionKind.NationalAgency),
            ["AMPYME"] = Institution(panama, null, "Micro, Small and Medium Enterprise Authority", "Autoridad de la Micro, Pequeña y Mediana Empresa", "AMPYME", InstitutionKind.NationalAgency),
            ["POLICE"] = Institution(panama, null, "National Police", "Policía Nacional", null, InstitutionKind.NationalAgency),
            ["MIVIOT"] = Institution(panama, null, "Ministry of Housing and Territorial Planning", "Ministerio de Vivienda y Ordenamiento Territorial", "MIVIOT", InstitutionKind.NationalAgency),
            ["MINSA"] = Institution(panama, null, "Ministry of Health", "Ministerio de Salud", "MINSA", InstitutionKind.NationalAgency),
            // Not one body but the sources list them as participants, so they are recorded as a group.
            ["PROVINCE"] = Institution(panama, panamaOeste, "Local government officials of Panamá Oeste province",
                "Funcionarias y funcionarios de gobiernos locales de la provincia de Panamá Oeste", null, InstitutionKind.LocalGovernment),
        };
        db.Countries.Add(panama);
        db.Jurisdictions.AddRange(panamaOeste, laChorrera);
        db.Institutions.AddRange(institutions.Values);

        var national = new Assessment
        {
            Level = AssessmentLevel.National,
            Country = panama,
            Round = 1,
            CatalogueId = catalogueId,
            Stage = Stage.Published,
            Title = new LocalizedText("Panama: national migration governance assessment", "Panamá: evaluación nacional de la gobernanza de la migración"),
            Context = new LocalizedText(
                "Panama's national migration governance profile was carried out between October 2018 and April 2019. It is the national counterpart of the local assessment of La Chorrera. Its answers are not entered in this demo installation.",
                "El perfil nacional de gobernanza de la migración de Panamá se elaboró entre octubre de 2018 y abril de 2019. Es la contraparte nacional de la evaluación local de La Chorrera. Sus respuestas no se han cargado en esta instalación de demostración."),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var local = new Assessment
        {
            Level = AssessmentLevel.Local,
            Country = panama,
            Jurisdiction = laChorrera,
            Round = 1,
            CatalogueId = catalogueId,
            Stage = Stage.DataCollection,
            Title = new LocalizedText("La Chorrera: local migration governance assessment", "La Chorrera: evaluación local de la gobernanza de la migración"),
            Context = new LocalizedText(
                "La Chorrera is a district of Panamá Oeste province, Panama. Its local migration governance assessment is part of the inter-agency project “Inclusive Cities, Communities of Solidarity” of UNHCR, IOM, UN-Habitat and the European Union, carried out in six countries of Latin America and the Caribbean. The induction workshop took place on 2 September 2021, and the workshop to validate the indicator matrix on 11 January 2022. The answers of the matrix are not entered in this demo installation.",
                "La Chorrera es un distrito de la provincia de Panamá Oeste, en Panamá. Su evaluación local de la gobernanza de la migración forma parte del proyecto interagencial «Ciudades Incluyentes, Comunidades Solidarias» del ACNUR, la OIM, ONU-Hábitat y la Unión Europea, que se desarrolla en seis países de América Latina y el Caribe. El taller de inducción se realizó el 2 de septiembre de 2021 y el taller de validación de la matriz de indicadores, el 11 de enero de 2022. Las respuestas de la matriz no se han cargado en esta instalación de demostración."),
            NationalCounterpart = national,
            // The induction workshop is the first public milestone; the date of the request is not public.
            StartedOn = new DateOnly(2021, 9, 2),
            CreatedAt = now,
            UpdatedAt = now,
        };
        local.Workshops.Add(new Workshop
        {
            Kind = WorkshopKind.Induction,
            Status = WorkshopStatus.Held,
            Date = new DateOnly(2021, 9, 2),
            SourceUrl = InductionSource,
            Minutes = new LocalizedText(
                "Induction workshop on the Migration Governance Indicators at the local level, within the project “Inclusive Cities, Communities of Solidarity”. Taking part: the Municipality of La Chorrera, SENNIAF, INAMU, MITRADEL, AMPYME, the National Police, MIVIOT, MINSA and local government officials of Panamá Oeste province.",
                "Taller de inducción sobre los Indicadores de Gobernanza de la Migración a nivel local, en el marco del proyecto «Ciudades Incluyentes, Comunidades Solidarias». Participaron el Municipio de La Chorrera, SENNIAF, INAMU, MITRADEL, AMPYME, la Policía Nacional, MIVIOT, MINSA y funcionarias y funcionarios de gobiernos locales de la provincia de Panamá Oeste."),
            Institutions = institutions.Values.Select(i => new WorkshopInstitution { Institution = i }).ToList(),
        });
        // The sources do not list who attended the validation workshop, so no institutions are linked.
        local.Workshops.Add(new Workshop
        {
            Kind = WorkshopKind.Validation,
            Status = WorkshopStatus.Held,
            Date = new DateOnly(2022, 1, 11),
            SourceUrl = ValidationSource,
            Minutes = new LocalizedText(
                "Workshop to validate the matrix of the Migration Governance Indicators with the key local actors of La Chorrera, within the project “Inclusive Cities, Communities of Solidarity”.",
                "Taller de validación de la matriz de los Indicadores de Gobernanza de la Migración con los actores locales clave de La Chorrera, en el marco del proyecto «Ciudades Incluyentes, Comunidades Solidarias»."),
        });
        // One focal point per participating institution, with no person: the sources name none.
        foreach (var institution in institutions.Values)
        {
            local.FocalPoints.Add(new FocalPoint { Institution = institution, AssignedAt = now });
        }

        db.Assessments.AddRange(national, local);
        await db.SaveChangesAsync(ct);

        var byCode = indicators.ToDictionary(i => i.Code, i => i.Id, StringComparer.Ordinal);
        foreach (var (acronym, codes) in LaChorreraRouting)
        {
            foreach (var code in codes)
            {
                db.Assignments.Add(new IndicatorAssignment
                {
                    AssessmentId = local.Id,
                    IndicatorId = byCode[code],
                    InstitutionId = institutions[acronym].Id,
                    AssignedAt = now,
                });
            }
        }

        // Only what happened in this installation is dated: the rows were created now, at the stage the
        // public record supports. The real earlier moves have no public dates, so none are invented.
        db.StageEvents.Add(new StageEvent
        {
            AssessmentId = national.Id,
            To = Stage.Published,
            Kind = StageEventKind.Created,
            At = now,
            Reason = "Registrada en la instalación de demostración como contraparte nacional de La Chorrera; el perfil nacional se elaboró entre octubre de 2018 y abril de 2019 y sus respuestas no se cargan aquí.",
        });
        db.StageEvents.Add(new StageEvent
        {
            AssessmentId = local.Id,
            To = Stage.DataCollection,
            Kind = StageEventKind.Created,
            At = now,
            Reason = "Registrada en la instalación de demostración en levantamiento de información: el taller de inducción (2 de septiembre de 2021) y el taller de validación de la matriz (11 de enero de 2022) son públicos; las respuestas no se han cargado.",
        });
        await db.SaveChangesAsync(ct);
        return new PanamaSeed(panama, local, national, municipality);
    }

    private static Institution Institution(Country country, Jurisdiction? jurisdiction, string en, string es, string? acronym, InstitutionKind kind) =>
        new() { Country = country, Jurisdiction = jurisdiction, Name = new LocalizedText(en, es), Acronym = acronym, Kind = kind };
}
