using System.Globalization;
using System.Text;
using Faro.Data;
using Faro.People;
using Faro.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Faro.Profiles;

/// A profile file ready to send: from the frozen snapshot of a published assessment, or rendered
/// now for people in scope (a draft until approved).
public sealed record ProfileFile(byte[] Content, ProfileFormat Format, string Lang, string FileName, string Sha256, bool IsSnapshot)
{
    public string ContentType => Format.ContentType();
}

/// A published profile as the public portal lists it.
public sealed record PublishedProfile(
    int AssessmentId,
    string Place,
    string CountryIso2,
    LocalizedText Country,
    int Round,
    int Year,
    DateOnly PublishedOn,
    bool IsFictional,
    IReadOnlyList<string> CompleteLanguages,
    IReadOnlyDictionary<(string Lang, string Format), (string Sha256, int Size)> Files);

/// Where every host (API, portal, CLI) gets profile outputs, so that all of them obey the same rule:
/// a published assessment is served from its snapshot, never regenerated.
public sealed class ProfileService(FaroDb db, ProfileAssembler assembler, ProfilePublisher publisher)
{
    /// The frozen output of a published profile, or null when the assessment is not published. An
    /// assessment that reached `published` without being frozen (published before this feature, or
    /// by a data import) is frozen now, once.
    public async Task<ProfileFile?> PublishedAsync(int assessmentId, ProfileFormat format, string lang, CancellationToken ct = default)
    {
        var snapshot = await SnapshotAsync(assessmentId, format.Code(), lang, ct);
        return snapshot is null ? null : await FileAsync(assessmentId, format, lang, snapshot.Content, snapshot.Sha256, true, ct);
    }

    /// The `<article>` of the published HTML, for the portal's page.
    public async Task<(string Html, string Sha256)?> PublishedArticleAsync(int assessmentId, string lang, CancellationToken ct = default) =>
        await SnapshotAsync(assessmentId, ProfileFormats.ArticleCode, lang, ct) is { } s ? (Encoding.UTF8.GetString(s.Content), s.Sha256) : null;

    /// For a caller already checked to have the assessment in scope: the snapshot when there is
    /// one, otherwise the profile rendered from the current data (with the DRAFT marks until
    /// approved). Null when the assessment does not exist.
    public async Task<ProfileFile?> CurrentAsync(int assessmentId, ProfileFormat format, string lang, CancellationToken ct = default)
    {
        if (await PublishedAsync(assessmentId, format, lang, ct) is { } published)
        {
            return published;
        }

        if (!await db.Assessments.AnyAsync(a => a.Id == assessmentId, ct))
        {
            return null;
        }

        // A profile of nothing would still carry a place's name, a round and a method annex: under a
        // real place (La Chorrera, whose answers the demo does not hold) it would claim work that
        // was never recorded here. So there is no profile until one answer is known.
        if (!await HasKnownAnswer(assessmentId).AnyAsync(ct))
        {
            throw NoAnswers();
        }

        var profile = await assembler.AssembleAsync(assessmentId, lang, ct);
        if (profile is null)
        {
            return null;
        }

        var content = ProfileFormats.Render(profile, format);
        return await FileAsync(assessmentId, format, lang, content, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), false, ct);
    }

    /// The refusal for a profile of an assessment with no known answer, the same in every host.
    public static RefusedException NoAnswers() => RefusedException.Conflict("profile.no_answers");

    /// Whether a profile can be produced at all (see `CurrentAsync`): at least one known answer.
    public Task<bool> HasKnownAnswerAsync(int assessmentId, CancellationToken ct = default) => HasKnownAnswer(assessmentId).AnyAsync(ct);

    private IQueryable<Assessments.Answer> HasKnownAnswer(int assessmentId) =>
        db.Answers.Where(x => x.AssessmentId == assessmentId && x.Status != null && x.Status != Assessments.AnswerStatus.Unknown);

    public async Task<IReadOnlyList<PublishedProfile>> ListPublishedAsync(string? countryIso2 = null, string? lang = null, int? year = null, CancellationToken ct = default)
    {
        await FreezeUnfrozenAsync(ct);
        var rows = await db.ProfileSnapshots.AsNoTracking()
            .Select(s => new { s.AssessmentId, s.Lang, s.Format, s.Sha256, Size = s.Content.Length, s.FallbackTexts, s.CreatedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.AssessmentId).Distinct().ToList();
        var assessments = await db.Assessments.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new
            {
                a.Id,
                Place = a.Jurisdiction != null ? a.Jurisdiction.Name : null,
                a.Country!.Iso2,
                CountryEn = a.Country.Name.En,
                CountryEs = a.Country.Name.Es,
                a.Round,
                a.IsFictional,
                PublishedAt = db.StageEvents.Where(e => e.AssessmentId == a.Id && e.To == Stage.Published).OrderByDescending(e => e.At).Select(e => (DateTime?)e.At).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var list = assessments.Select(a =>
        {
            var files = rows.Where(r => r.AssessmentId == a.Id).ToList();
            var published = DateOnly.FromDateTime(a.PublishedAt ?? files.Min(f => f.CreatedAt));
            var country = new LocalizedText(a.CountryEn, a.CountryEs);
            return new PublishedProfile(a.Id, a.Place ?? country.ToString(), a.Iso2, country, a.Round, published.Year, published, a.IsFictional,
                files.Where(f => f.Format == ProfileFormats.ArticleCode && f.FallbackTexts == 0).Select(f => f.Lang).Order(StringComparer.Ordinal).ToList(),
                files.ToDictionary(f => (f.Lang, f.Format), f => (f.Sha256, f.Size)));
        });
        return list
            .Where(p => countryIso2 is null || string.Equals(p.CountryIso2, countryIso2, StringComparison.OrdinalIgnoreCase))
            .Where(p => lang is null || p.CompleteLanguages.Contains(lang))
            .Where(p => year is null || p.Year == year)
            .OrderByDescending(p => p.PublishedOn).ThenBy(p => p.Place, StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true))
            .ToList();
    }

    private async Task<Profiles.ProfileSnapshot?> SnapshotAsync(int assessmentId, string format, string lang, CancellationToken ct)
    {
        var snapshot = await db.ProfileSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.AssessmentId == assessmentId && s.Lang == lang && s.Format == format, ct);
        if (snapshot is not null)
        {
            return snapshot;
        }

        if (!await Unfrozen().AnyAsync(a => a.Id == assessmentId, ct))
        {
            return null;
        }

        await FreezeOnceAsync(assessmentId, ct);
        return await db.ProfileSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.AssessmentId == assessmentId && s.Lang == lang && s.Format == format, ct);
    }

    /// Published assessments without snapshots that have something to say. One published with no
    /// known answer (say, registered by an import) gets no Faro profile: an empty document under a
    /// real place's name would mislead.
    private IQueryable<Assessments.Assessment> Unfrozen()
    {
        var published = Access.PublicStages.ToList();
        return db.Assessments.Where(a => published.Contains(a.Stage)
            && !db.ProfileSnapshots.Any(s => s.AssessmentId == a.Id)
            && db.Answers.Any(x => x.AssessmentId == a.Id && x.Status != null && x.Status != Assessments.AnswerStatus.Unknown));
    }

    private async Task FreezeUnfrozenAsync(CancellationToken ct)
    {
        var unfrozen = await Unfrozen().Select(a => a.Id).ToListAsync(ct);
        foreach (var id in unfrozen)
        {
            await FreezeOnceAsync(id, ct);
        }
    }

    private async Task FreezeOnceAsync(int assessmentId, CancellationToken ct)
    {
        try
        {
            await publisher.FreezeAsync(assessmentId, actor: "system", ct);
        }
        catch (DbUpdateException)
        {
            // Another request froze it at the same moment (unique index on assessment, language and
            // format); its snapshot is the one to serve.
            db.ChangeTracker.Clear();
        }
    }

    private async Task<ProfileFile> FileAsync(int assessmentId, ProfileFormat format, string lang, byte[] content, string sha, bool isSnapshot, CancellationToken ct)
    {
        var a = await db.Assessments.AsNoTracking().Where(x => x.Id == assessmentId)
            .Select(x => new { Place = x.Jurisdiction != null ? x.Jurisdiction.Name : x.Country!.Iso3, x.Round }).FirstAsync(ct);
        var name = lang == Languages.Spanish ? $"perfil-{Slug(a.Place)}-ronda-{a.Round}-es" : $"profile-{Slug(a.Place)}-round-{a.Round}-en";
        return new ProfileFile(content, format, lang, $"{name}.{format.Code()}", sha, isSnapshot);
    }

    /// "Puerto Añil" → "puerto-anil": file names without accents travel safely by e-mail.
    public static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var slug = string.Join('-', sb.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "profile" : slug;
    }
}
