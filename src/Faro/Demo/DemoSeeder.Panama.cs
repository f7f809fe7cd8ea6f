using Faro.Assessments;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Demo;

/// The real seed case. Everything here is a public fact from docs/domain.md §2, the two IOM Panama
/// news items cited as workshop sources and IOM's page on Panama's 2019 national profile. One thing
/// is combined rather than read from one source: the induction workshop's year comes from the
/// validation news item. Where a fact is not public (the district's statistics code, workshop venues,
/// attendance, focal points, any answer, the dates of stage moves) the field stays empty rather than
/// guessed; what the demo adds to be usable (the stage, the municipality's routing) is said to be the
/// demo's illustration in the assessment's context, in both languages.
public sealed partial class DemoSeeder
{
    private const string InductionSource =
        "https://panama.iom.int/en/news/authorities-la-chorrera-participate-induction-workshop-migration-governance-indicators-local-level";

    private const string ValidationSource =
        "https://panama.iom.int/en/news/local-authorities-la-chorrera-participate-workshop-validate-migration-governance-indicators";

    // IOM's page on the Migration Governance Indicators of Panama, which presents the 2019 profile.
    internal const string NationalProfileSource = "https://www.migrationdataportal.org/overviews/mgi/panama";

    private sealed record PanamaSeed(
        Country Country, Assessment LaChorrera, Institution Municipality);

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
        if (panama.Id == 0)
        {
            db.Countries.Add(panama);
        }

        db.Jurisdictions.AddRange(panamaOeste, laChorrera);
        db.Institutions.AddRange(institutions.Values);

        var local = new Assessment
        {
            Level = AssessmentLevel.Local,
            Country = panama,
            Jurisdiction = laChorrera,
            Round = 1,
            CatalogueId = catalogueId,
            // The demo keeps La Chorrera in data collection so that its demo accounts can show answering;
            // the context says so. The real exercise went further (its validation workshop was held).
            Stage = Stage.DataCollection,
            Title = new LocalizedText("La Chorrera: local migration governance assessment", "La Chorrera: evaluación local de la gobernanza de la migración"),
            Context = new LocalizedText(
                "La Chorrera is a district of Panamá Oeste province, Panama. Its local migration governance assessment was part of the inter-agency project “Inclusive Cities, Communities of Solidarity”, implemented by UNHCR, IOM and UN-Habitat with funding from the European Union in six countries of Latin America and the Caribbean (2019–2022). The induction workshop took place on 2 September 2021, and the workshop to validate the indicator matrix on 11 January 2022. The real exercise used IOM’s own Local MGI matrix (90 indicators); this demo installation uses Faro’s catalogue instead and holds none of the real answers. Demo illustration, not a record of the real exercise: the stage shown here, the indicators routed to the Municipality of La Chorrera and the demo accounts. The sources name no focal points.",
                "La Chorrera es un distrito de la provincia de Panamá Oeste, en Panamá. Su evaluación local de la gobernanza de la migración formó parte del proyecto interagencial «Ciudades Incluyentes, Comunidades Solidarias», implementado por el ACNUR, la OIM y ONU-Habitat con financiamiento de la Unión Europea, que se desarrolló en seis países de América Latina y el Caribe (2019–2022). El taller de inducción se realizó el 2 de septiembre de 2021 y el taller de validación de la matriz de indicadores, el 11 de enero de 2022. El ejercicio real utilizó la matriz propia de la OIM de Indicadores de Gobernanza de la Migración a nivel local (90 indicadores); esta instalación de demostración utiliza en su lugar el catálogo de Faro y no contiene ninguna de las respuestas reales. Ilustración de la demostración, no registro del ejercicio real: la etapa que se muestra aquí, los indicadores asignados al Municipio de La Chorrera y las cuentas de demostración. Las fuentes no nombran puntos focales."),
            // Panama's national profile was published by IOM in 2019 with its own (national) indicator
            // set: a reference to that document, never a Faro assessment with invented answers or dates.
            NationalReferenceTitle = new LocalizedText(
                "Migration Governance Indicators: Panama, Profile 2019 (IOM)",
                "Indicadores de Gobernanza de la Migración: Panamá, perfil 2019 (OIM)"),
            NationalReferenceYear = 2019,
            NationalReferenceUrl = NationalProfileSource,
            // The induction workshop is the first public milestone; the date of the request is not public.
            StartedOn = new DateOnly(2021, 9, 2),
            CreatedAt = now,
            UpdatedAt = now,
        };
        local.Workshops.Add(new Workshop
        {
            Kind = WorkshopKind.Induction,
            Status = WorkshopStatus.Held,
            // The induction news item gives the day and month; the year comes from the validation news
            // item, which places the induction in September 2021.
            Date = new DateOnly(2021, 9, 2),
            SourceUrl = InductionSource,
            Minutes = new LocalizedText(
                "Induction workshop on the Migration Governance Indicators at the local level, within the project “Inclusive Cities, Communities of Solidarity”. Taking part: the Municipality of La Chorrera, SENNIAF, INAMU, MITRADEL, AMPYME, the National Police, MIVIOT, MINSA and local government officials of Panamá Oeste province.",
                "Taller de inducción sobre los Indicadores de Gobernanza de la Migración a nivel local, en el marco del proyecto «Ciudades Incluyentes, Comunidades Solidarias». Participaron el Municipio de La Chorrera, SENNIAF, INAMU, MITRADEL, AMPYME, la Policía Nacional, MIVIOT, MINSA y funcionarias y funcionarios de gobiernos locales de la provincia de Panamá Oeste."),
            Institutions = institutions.Values.Select(i => new WorkshopInstitution { Institution = i }).ToList(),
        });
        // Held according to its source (the IOM Panama news item reports the workshop); the sources do
        // not list who attended, so no institutions are linked.
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
        // No focal points: the sources name none, and a focal point is a designation by a real body.

        db.Assessments.Add(local);
        await db.SaveChangesAsync(ct);

        // The demo's illustration (said in the context in both languages): the municipality's share of
        // domain.md §8.3's suggested routing, so that the demo focal point account has indicators to
        // answer. Nobody else's routing is recorded: the sources do not say who answered what.
        var byCode = indicators.ToDictionary(i => i.Code, i => i.Id, StringComparer.Ordinal);
        foreach (var code in LaChorreraRouting.Single(r => r.Acronym == "MUNICIPALITY").Codes)
        {
            db.Assignments.Add(new IndicatorAssignment
            {
                AssessmentId = local.Id,
                IndicatorId = byCode[code],
                InstitutionId = municipality.Id,
                AssignedAt = now,
            });
        }

        // No stage events: the real moves have no public dates, and the moment the demo was loaded is
        // not the date of any real event, so nothing would be true to print as a stage date.
        await db.SaveChangesAsync(ct);
        return new PanamaSeed(panama, local, municipality);
    }

    private static Institution Institution(Country country, Jurisdiction? jurisdiction, string en, string es, string? acronym, InstitutionKind kind) =>
        new() { Country = country, Jurisdiction = jurisdiction, Name = new LocalizedText(en, es), Acronym = acronym, Kind = kind };
}
