using Faro.Audit;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Faro.Places;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Assessments;

/// What a coordinator gives to start an assessment. `Jurisdiction` null means a national one.
/// Titles left empty are proposed from the place; the catalogue defaults to the newest published.
public sealed record NewAssessment(
    string Country,
    int? JurisdictionId = null,
    string? TitleEn = null,
    string? TitleEs = null,
    int? Round = null,
    int? CatalogueId = null,
    int? NationalCounterpartId = null,
    string? NationalReferenceTitleEn = null,
    string? NationalReferenceTitleEs = null,
    int? NationalReferenceYear = null,
    string? NationalReferenceUrl = null);

public sealed record WithdrawRequest(string? Reason);

/// The metadata of an assessment that can be corrected until data collection starts (PUT
/// semantics: every member replaces the stored one; empty titles are proposed from the place).
public sealed record AssessmentMetadata(
    string? TitleEn = null,
    string? TitleEs = null,
    int? Round = null,
    int? CatalogueId = null,
    int? NationalCounterpartId = null,
    string? NationalReferenceTitleEn = null,
    string? NationalReferenceTitleEs = null,
    int? NationalReferenceYear = null,
    string? NationalReferenceUrl = null);

/// Starting and withdrawing assessments (issue 10 item 4). An assessment is never deleted: one
/// that stops is withdrawn with a reason, kept read-only and left out of lists by default.
public sealed class AssessmentCreation(FaroDb db, AssessmentWriter writer, AuditLog audit, TimeProvider clock)
{
    public async Task<Assessment> CreateAsync(Actor actor, NewAssessment input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<InputError>();
        var iso2 = (input.Country ?? "").Trim().ToUpperInvariant();
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Iso2 == iso2, ct);
        if (country is null)
        {
            throw new InputRejectedException("assessment.invalid", Error("country", "country.unknown", iso2));
        }

        Access.RequireCountryManager(actor, country.Id);

        Jurisdiction? place = null;
        if (input.JurisdictionId is { } jid)
        {
            place = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jid && j.CountryId == country.Id, ct);
            if (place is null || !place.IsActive)
            {
                errors.Add(Error("jurisdictionId", "assessment.bad_jurisdiction", jid, country.Name));
            }
        }

        var catalogue = input.CatalogueId is { } cid
            ? await db.Catalogues.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct)
            : await db.Catalogues.AsNoTracking().NewestPublishedFirst().FirstOrDefaultAsync(ct);
        if (catalogue is null || catalogue.Status != CatalogueStatus.Published)
        {
            errors.Add(Error("catalogueId", "assessment.bad_catalogue"));
        }

        if (input.NationalCounterpartId is { } nid)
        {
            var ok = place is not null && await db.Assessments.AnyAsync(a => a.Id == nid && a.CountryId == country.Id
                && a.Level == AssessmentLevel.National && a.WithdrawnAt == null, ct);
            if (!ok)
            {
                errors.Add(Error("nationalCounterpartId", "assessment.bad_counterpart"));
            }
        }

        var url = input.NationalReferenceUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 2000))
        {
            errors.Add(Error("nationalReferenceUrl", "assessment.bad_url"));
        }

        var year = input.NationalReferenceYear;
        if (year is not null && (year < 1990 || year > clock.GetUtcNow().Year + 1))
        {
            errors.Add(Error("nationalReferenceYear", "assessment.bad_year"));
        }

        var round = input.Round ?? 1 + (await db.Assessments.Where(a => a.CountryId == country.Id && a.JurisdictionId == input.JurisdictionId
            && (input.JurisdictionId != null || a.Level == AssessmentLevel.National)).MaxAsync(a => (int?)a.Round, ct) ?? 0);
        if (round is < 1 or > 99)
        {
            errors.Add(Error("round", "assessment.bad_round"));
        }

        foreach (var (field, value) in new[] { ("titleEn", input.TitleEn), ("titleEs", input.TitleEs), ("nationalReferenceTitleEn", input.NationalReferenceTitleEn), ("nationalReferenceTitleEs", input.NationalReferenceTitleEs) })
        {
            if (value is not null && (value.Length > 300 || value.Any(char.IsControl)))
            {
                errors.Add(Error(field, "assessment.bad_text"));
            }
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException("assessment.invalid", errors);
        }

        var (titleEn, titleEs) = ProposedTitles(country, place);
        var now = clock.GetUtcNow().UtcDateTime;
        var assessment = new Assessment
        {
            Level = place is null ? AssessmentLevel.National : AssessmentLevel.Local,
            CountryId = country.Id,
            JurisdictionId = place?.Id,
            Round = round,
            CatalogueId = catalogue!.Id,
            Stage = Stage.Requested,
            Title = new LocalizedText(Blank(input.TitleEn) ?? titleEn, Blank(input.TitleEs) ?? titleEs),
            NationalCounterpartId = input.NationalCounterpartId,
            NationalReferenceTitle = new LocalizedText(Blank(input.NationalReferenceTitleEn), Blank(input.NationalReferenceTitleEs)),
            NationalReferenceYear = year,
            NationalReferenceUrl = string.IsNullOrEmpty(url) ? null : url,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var tx = await db.BeginWriteAsync(ct);
        db.Assessments.Add(assessment);
        await db.SaveChangesAsync(ct);
        audit.Record(actor, "assessment.create", "assessment", assessment.Id, assessment.Id, null, new
        {
            assessment.Level,
            Country = country.Iso2,
            assessment.JurisdictionId,
            assessment.Round,
            assessment.CatalogueId,
            assessment.Title,
            assessment.NationalCounterpartId,
            assessment.NationalReferenceTitle,
            assessment.NationalReferenceYear,
            assessment.NationalReferenceUrl,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return assessment;
    }

    /// Corrects the metadata while the assessment is in `requested` or `induction` (once data
    /// collection starts the answers depend on the round and the catalogue). The catalogue can
    /// change only while no answer exists (a next round's carried-over answers pin it).
    public Task<Assessment> UpdateAsync(Actor actor, int assessmentId, AssessmentMetadata input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return writer.WriteAsync(actor, assessmentId, null, async standing =>
        {
            if (!standing.IsManager)
            {
                throw RefusedException.Forbidden("assessment.edit_forbidden");
            }

            var assessment = await db.Assessments.AsTracking().Include(a => a.Country).Include(a => a.Jurisdiction).FirstAsync(a => a.Id == assessmentId, ct);
            if (standing.Stage is not (Stage.Requested or Stage.Induction))
            {
                throw RefusedException.Conflict("assessment.metadata_locked");
            }

            var errors = new List<InputError>();
            var catalogueId = input.CatalogueId ?? assessment.CatalogueId;
            if (catalogueId != assessment.CatalogueId)
            {
                var catalogue = await db.Catalogues.AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalogueId, ct);
                if (catalogue is null || catalogue.Status != CatalogueStatus.Published)
                {
                    errors.Add(Error("catalogueId", "assessment.bad_catalogue"));
                }
                else if (await db.Answers.AnyAsync(a => a.AssessmentId == assessmentId, ct))
                {
                    errors.Add(Error("catalogueId", "assessment.catalogue_in_use"));
                }
            }

            errors.AddRange(await CheckCommonAsync(assessment.CountryId, assessment.JurisdictionId is not null, input.NationalCounterpartId, input.NationalReferenceUrl,
                input.NationalReferenceYear, input.Round ?? assessment.Round,
                [("titleEn", input.TitleEn), ("titleEs", input.TitleEs), ("nationalReferenceTitleEn", input.NationalReferenceTitleEn), ("nationalReferenceTitleEs", input.NationalReferenceTitleEs)], ct));
            if (errors.Count > 0)
            {
                throw new InputRejectedException("assessment.invalid", errors);
            }

            var before = Metadata(assessment);
            var (titleEn, titleEs) = ProposedTitles(assessment.Country!, assessment.Jurisdiction);
            var url = input.NationalReferenceUrl?.Trim();
            assessment.Title = new LocalizedText(Blank(input.TitleEn) ?? titleEn, Blank(input.TitleEs) ?? titleEs);
            assessment.Round = input.Round ?? assessment.Round;
            assessment.CatalogueId = catalogueId;
            assessment.NationalCounterpartId = input.NationalCounterpartId;
            assessment.NationalReferenceTitle = new LocalizedText(Blank(input.NationalReferenceTitleEn), Blank(input.NationalReferenceTitleEs));
            assessment.NationalReferenceYear = input.NationalReferenceYear;
            assessment.NationalReferenceUrl = string.IsNullOrEmpty(url) ? null : url;
            assessment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            assessment.Version++;
            audit.Record(actor, "assessment.updated", "assessment", assessment.Id, assessment.Id, before, Metadata(assessment));
            return assessment;
        }, ct);
    }

    private static object Metadata(Assessment a) => new
    {
        a.Title,
        a.Round,
        a.CatalogueId,
        a.NationalCounterpartId,
        a.NationalReferenceTitle,
        a.NationalReferenceYear,
        a.NationalReferenceUrl,
    };

    private async Task<List<InputError>> CheckCommonAsync(int countryId, bool isLocal, int? counterpartId, string? referenceUrl, int? year, int round,
        (string Field, string? Value)[] texts, CancellationToken ct)
    {
        var errors = new List<InputError>();
        if (counterpartId is { } nid && !(isLocal && await db.Assessments.AnyAsync(a => a.Id == nid && a.CountryId == countryId
                && a.Level == AssessmentLevel.National && a.WithdrawnAt == null, ct)))
        {
            errors.Add(Error("nationalCounterpartId", "assessment.bad_counterpart"));
        }

        var url = referenceUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 2000))
        {
            errors.Add(Error("nationalReferenceUrl", "assessment.bad_url"));
        }

        if (year is not null && (year < 1990 || year > clock.GetUtcNow().Year + 1))
        {
            errors.Add(Error("nationalReferenceYear", "assessment.bad_year"));
        }

        if (round is < 1 or > 99)
        {
            errors.Add(Error("round", "assessment.bad_round"));
        }

        foreach (var (field, value) in texts)
        {
            if (value is not null && (value.Length > 300 || value.Any(char.IsControl)))
            {
                errors.Add(Error(field, "assessment.bad_text"));
            }
        }

        return errors;
    }

    /// Withdraws an assessment that stops: kept, read-only, out of the default lists.
    public Task WithdrawAsync(Actor actor, int assessmentId, string? reason, CancellationToken ct = default) =>
        writer.WriteAsync(actor, assessmentId, null, async standing =>
        {
            if (!standing.IsManager)
            {
                throw RefusedException.Forbidden("assessment.withdraw_forbidden");
            }

            var text = reason?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > 2000 || text.Any(c => char.IsControl(c) && c is not '\n' and not '\r'))
            {
                throw new InputRejectedException("assessment.invalid", Error("reason", "assessment.withdraw_reason"));
            }

            var assessment = await db.Assessments.AsTracking().FirstAsync(a => a.Id == assessmentId, ct);
            if (Access.IsPublicStage(assessment.Stage))
            {
                throw RefusedException.Conflict("assessment.published");
            }

            assessment.WithdrawnAt = clock.GetUtcNow().UtcDateTime;
            assessment.WithdrawnReason = text;
            assessment.WithdrawnById = actor.UserId;
            assessment.UpdatedAt = assessment.WithdrawnAt.Value;
            assessment.Version++;
            audit.Record(actor, "assessment.withdraw", "assessment", assessment.Id, assessment.Id, null, new { Reason = text, assessment.Stage });
        }, ct);

    public static (string En, string Es) ProposedTitles(Country country, Jurisdiction? place) => place is null
        ? ($"{country.Name.En}: national migration governance assessment", $"{country.Name.Es}: evaluación nacional de la gobernanza de la migración")
        : ($"{place.NameEn ?? place.Name}: local migration governance assessment", $"{place.Name}: evaluación local de la gobernanza de la migración");

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static InputError Error(string field, string code, params object?[] args) => new(field, code, args);

    private static InputError Error(string field, string code, Phrase message) => new(field, code, message);
}
