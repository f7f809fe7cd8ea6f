using Faro.Assessments;
using Faro.Data;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Tests.Infrastructure;

/// A complete fictional assessment for the profile: every indicator answered, narratives in both
/// languages (a few only in one), public and private evidence, comments, a review point, workshops,
/// stage dates and a previous round. Every secret (private evidence, comments, minutes, review
/// points) carries a marker that tests look for in the outputs and must never find.
/// Also compiled into bench/Faro.Bench, which times the renderers on the same data.
public static partial class TestData
{
    public const string PrivateMarker = "PRIVADO-NO-PUBLICAR";

    public sealed record ProfileCase(
        Assessment Assessment,
        Assessment PreviousRound,
        IReadOnlyList<Evidence> PublicEvidence,
        IReadOnlyList<string> OnlyEnglish,
        IReadOnlyList<string> OnlySpanish);

    /// Dates are fixed so that outputs are reproducible: induction on 2 September 2021, validation on
    /// 11 January 2022, published on 15 June 2022 (when `stage` is published or later).
    public static async Task<ProfileCase> ProfileAssessmentAsync(FaroDb db, Country country, Stage stage = Stage.Published, string city = "Puerto Añil")
    {
        var catalogue = await db.Catalogues.OrderBy(c => c.Id).FirstAsync();
        var indicators = await db.Indicators.Where(i => i.CatalogueId == catalogue.Id)
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order).ToListAsync();
        var created = new DateTime(2021, 8, 2, 14, 0, 0, DateTimeKind.Utc);
        var jurisdiction = new Jurisdiction { CountryId = country.Id, Name = city, AdminLevel = 2, Code = country.Iso2 + "-99", IsFictional = true };
        db.Jurisdictions.Add(jurisdiction);
        Institution NewInstitution(string en, string es, string? acronym, InstitutionKind kind)
        {
            var i = new Institution { CountryId = country.Id, Jurisdiction = jurisdiction, Name = new LocalizedText(en, es), Acronym = acronym, Kind = kind, IsFictional = true };
            db.Institutions.Add(i);
            return i;
        }

        var municipality = NewInstitution($"Municipality of {city}", $"Municipio de {city}", null, InstitutionKind.LocalGovernment);
        var health = NewInstitution("Regional Health Office", "Dirección Regional de Salud", "DRS", InstitutionKind.NationalAgency);
        var women = NewInstitution("National Institute for Women, local office", "Instituto Nacional de la Mujer, oficina local", "INAMUJ", InstitutionKind.NationalAgency);
        var civil = NewInstitution("Migrant Support Network", "Red de Apoyo a Personas Migrantes", null, InstitutionKind.CivilSociety);

        Assessment NewAssessment(int round, Stage s, Assessment? previous) => new()
        {
            Level = AssessmentLevel.Local,
            CountryId = country.Id,
            Jurisdiction = jurisdiction,
            CatalogueId = catalogue.Id,
            Round = round,
            Stage = s,
            PreviousRound = previous,
            Title = new LocalizedText($"{city} local assessment, round {round}", $"Evaluación local de {city}, ronda {round}"),
            Context = new LocalizedText(
                $"{city} is a fictional port city of about 180,000 inhabitants on a transit route. Since 2019 it has received Venezuelan and Colombian families, and migrants in transit northwards.\n\nHealth and education are delivered locally by national ministries; social assistance, local planning and public spaces are municipal; migration status, regularisation and borders are national competence.",
                $"{city} es una ciudad portuaria ficticia de unos 180.000 habitantes situada en una ruta de tránsito. Desde 2019 recibe a familias venezolanas y colombianas, y a personas migrantes en tránsito hacia el norte.\n\nLa salud y la educación las prestan en el territorio los ministerios nacionales; la asistencia social, la planificación local y los espacios públicos son municipales; el estatus migratorio, la regularización y las fronteras son de competencia nacional. ¿Quién coordina? ¡Todas las instituciones, con el municipio al frente!"),
            StartedOn = new DateOnly(2021, 8, 2),
            CreatedAt = created,
            UpdatedAt = created,
            IsFictional = true,
        };

        var previousRound = NewAssessment(1, Stage.FollowUp, null);
        previousRound.CreatedAt = previousRound.UpdatedAt = new DateTime(2018, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var assessment = NewAssessment(2, stage, previousRound);
        db.Assessments.AddRange(previousRound, assessment);
        await db.SaveChangesAsync();

        var evidence = new List<Evidence>
        {
            Source("Municipal Agreement No. 15 of 2022 on the care of migrants", "Acuerdo Municipal N.º 15 de 2022 sobre la atención a personas migrantes", EvidenceType.Ordinance, $"Municipal Council of {city}", new DateOnly(2022, 3, 8), "https://example.org/acuerdo-15-2022"),
            Source($"Municipal Development Plan of {city} 2021–2025", $"Plan de Desarrollo Municipal de {city} 2021–2025", EvidenceType.Plan, $"Municipality of {city}", new DateOnly(2021, 2, 1), "https://example.org/pdm-2021-2025"),
            Source("General Health Law (fictional)", "Ley General de Salud (ficticia)", EvidenceType.Law, "National Assembly", new DateOnly(2015, 11, 20), "https://example.org/ley-salud"),
            Source("Protocol for the protection of migrant children and adolescents", "Protocolo de protección de niñas, niños y adolescentes migrantes", EvidenceType.Protocol, "Secretaría de Niñez, Adolescencia y Familia", new DateOnly(2020, 6, 30), "https://example.org/protocolo-ninez"),
            Source("Cooperation agreement with the Migrant Support Network", "Convenio de cooperación con la Red de Apoyo a Personas Migrantes", EvidenceType.Agreement, $"Municipality of {city}", new DateOnly(2022, 1, 17), null),
            Source("One-stop desk for migrants: municipal web page", "Ventanilla única para personas migrantes: página municipal", EvidenceType.Website, $"Municipality of {city}", null, "https://example.org/ventanilla-unica"),
            Source("Local risk-management plan 2020", "Plan local de gestión de riesgos 2020", EvidenceType.Plan, "Civil protection office", new DateOnly(2020, 9, 1), "https://example.org/plan-riesgos"),
            Source("Annual report on municipal social programmes 2021", "Informe anual de programas sociales municipales 2021", EvidenceType.Report, $"Municipality of {city}", new DateOnly(2022, 2, 28), "https://example.org/informe-2021"),
            Source("Employment service regulations", "Reglamento del servicio de empleo", EvidenceType.Decree, "Ministry of Labour", new DateOnly(2019, 5, 14), "https://example.org/reglamento-empleo"),
            Source(null, "Programa municipal «Ñandutí» de emprendimiento intercultural", EvidenceType.Programme, $"Municipality of {city}", new DateOnly(2021, 10, 4), "https://example.org/nanduti"),
        };
        var secret = new Evidence
        {
            AssessmentId = assessment.Id,
            Title = new LocalizedText($"Interview notes with the mayor's office {PrivateMarker}", $"Notas de entrevista con la alcaldía {PrivateMarker}"),
            Type = EvidenceType.Interview,
            IssuingBody = $"Research team {PrivateMarker}",
            IssuedOn = new DateOnly(2021, 11, 3),
            Url = "https://example.org/private-" + PrivateMarker,
            IsPublic = false,
            CreatedAt = created,
        };
        db.Evidence.AddRange(evidence);
        db.Evidence.Add(secret);
        await db.SaveChangesAsync();

        Evidence Source(string? en, string es, EvidenceType type, string body, DateOnly? on, string? url) => new()
        {
            AssessmentId = assessment.Id,
            Title = new LocalizedText(en, es),
            Type = type,
            IssuingBody = body,
            IssuedOn = on,
            Url = url,
            IsPublic = true,
            CreatedAt = created,
        };

        // A fixed pattern per position gives every domain findings of each kind.
        AnswerStatus?[] pattern =
        [
            AnswerStatus.Yes, AnswerStatus.Partial, AnswerStatus.No, AnswerStatus.Yes, AnswerStatus.NationalCompetence,
            AnswerStatus.Partial, AnswerStatus.Yes, AnswerStatus.NotApplicable, AnswerStatus.No, AnswerStatus.Unknown, AnswerStatus.Yes,
        ];
        AnswerStatus?[] previousPattern =
        [
            AnswerStatus.Partial, AnswerStatus.Partial, AnswerStatus.Yes, AnswerStatus.Yes, AnswerStatus.NationalCompetence,
            AnswerStatus.No, null, AnswerStatus.No, AnswerStatus.No, AnswerStatus.Unknown, AnswerStatus.Yes,
        ];
        var onlyEnglish = new List<string>();
        var onlySpanish = new List<string>();
        var updated = new DateTime(2022, 1, 20, 9, 0, 0, DateTimeKind.Utc);
        foreach (var (indicator, n) in indicators.Select((x, n) => (x, n)))
        {
            var status = pattern[n % pattern.Length];
            var en = $"Finding {indicator.Code}: {city} has arrangements on this topic that the institutions described during the validation workshop.";
            var es = $"Resultado {indicator.Code}: {city} cuenta con disposiciones sobre este tema que las instituciones describieron en el taller de validación.";
            if (n % 17 == 3)
            {
                es = null!;
                onlyEnglish.Add(indicator.Code);
            }
            else if (n % 19 == 5)
            {
                en = null!;
                onlySpanish.Add(indicator.Code);
            }

            var answer = new Answer
            {
                AssessmentId = assessment.Id,
                IndicatorId = indicator.Id,
                Status = status,
                Narrative = status == AnswerStatus.Unknown ? new LocalizedText() : new LocalizedText(en, es),
                ResponsibleInstitutionId = ((n % 4) switch { 0 => municipality, 1 => health, 2 => women, _ => civil }).Id,
                IsValidated = true,
                UpdatedAt = updated,
            };
            if (status is AnswerStatus.Yes or AnswerStatus.Partial or AnswerStatus.NationalCompetence)
            {
                answer.Evidence.Add(new AnswerEvidence { EvidenceId = evidence[n % evidence.Count].Id, Section = n % 3 == 0 ? $"art. {n + 1}" : null });
                if (n % 2 == 0)
                {
                    answer.Evidence.Add(new AnswerEvidence { EvidenceId = evidence[(n + 3) % evidence.Count].Id });
                }

                if (n % 5 == 0)
                {
                    answer.Evidence.Add(new AnswerEvidence { EvidenceId = secret.Id, Section = PrivateMarker });
                }
            }

            db.Answers.Add(answer);
            db.Answers.Add(new Answer
            {
                AssessmentId = previousRound.Id,
                IndicatorId = indicator.Id,
                Status = previousPattern[n % previousPattern.Length],
                Narrative = new LocalizedText($"Round 1 {indicator.Code}.", $"Ronda 1 {indicator.Code}."),
                UpdatedAt = new DateTime(2018, 6, 1, 9, 0, 0, DateTimeKind.Utc),
            });
        }

        db.Comments.AddRange(
            new Comment { AssessmentId = assessment.Id, IndicatorId = indicators[0].Id, Text = $"Internal: check with the mayor {PrivateMarker}", Visibility = CommentVisibility.Internal, At = updated },
            new Comment { AssessmentId = assessment.Id, IndicatorId = indicators[1].Id, Text = $"Shared with focal points {PrivateMarker}", Visibility = CommentVisibility.Shared, At = updated });
        db.ReviewPoints.Add(new ReviewPoint
        {
            AssessmentId = assessment.Id,
            IndicatorId = indicators[2].Id,
            Finding = new LocalizedText($"Review point {PrivateMarker}", $"Punto de revisión {PrivateMarker}"),
            RaisedAt = updated,
            Reply = ReplyKind.Disagree,
            ReplyReason = $"Reply {PrivateMarker}",
            Resolution = ResolutionKind.Kept,
            ResolutionReason = $"Kept {PrivateMarker}",
            ResolvedAt = updated,
        });

        Workshop NewWorkshop(WorkshopKind kind, WorkshopStatus status, DateOnly date, params Institution[] institutions)
        {
            var w = new Workshop
            {
                AssessmentId = assessment.Id,
                Kind = kind,
                Status = status,
                Date = date,
                Place = $"Casa de la Cultura, {city}",
                Attendance = 20 + institutions.Length,
                Minutes = new LocalizedText($"Minutes {PrivateMarker}", $"Acta {PrivateMarker}"),
            };
            w.Institutions.AddRange(institutions.Select(i => new WorkshopInstitution { Institution = i }));
            return w;
        }

        db.Workshops.AddRange(
            NewWorkshop(WorkshopKind.Induction, WorkshopStatus.Held, new DateOnly(2021, 9, 2), municipality, health, women),
            NewWorkshop(WorkshopKind.Validation, WorkshopStatus.Held, new DateOnly(2022, 1, 11), municipality, health, women, civil),
            NewWorkshop(WorkshopKind.Other, WorkshopStatus.Cancelled, new DateOnly(2021, 12, 1), civil));

        var path = new (Stage To, DateTime At)[]
        {
            (Stage.Requested, created),
            (Stage.Induction, new DateTime(2021, 8, 20, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.DataCollection, new DateTime(2021, 9, 3, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.Validation, new DateTime(2021, 12, 15, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.Drafting, new DateTime(2022, 1, 20, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.GovernmentReview, new DateTime(2022, 3, 1, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.Approved, new DateTime(2022, 5, 30, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.Published, new DateTime(2022, 6, 15, 12, 0, 0, DateTimeKind.Utc)),
            (Stage.FollowUp, new DateTime(2022, 9, 1, 12, 0, 0, DateTimeKind.Utc)),
        };
        Stage? from = null;
        foreach (var (to, at) in path.Where(x => x.To <= stage))
        {
            db.StageEvents.Add(new StageEvent
            {
                AssessmentId = assessment.Id,
                From = from,
                To = to,
                Kind = from is null ? StageEventKind.Created : StageEventKind.Forward,
                Reason = $"Reason {PrivateMarker}",
                At = at,
            });
            from = to;
        }

        await db.SaveChangesAsync();
        return new ProfileCase(assessment, previousRound, evidence, onlyEnglish, onlySpanish);
    }
}
