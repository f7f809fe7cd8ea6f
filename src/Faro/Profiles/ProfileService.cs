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

/// One page of the portal's list, with the filter choices over all listed profiles.
public sealed record PortalPage(
    IReadOnlyList<PublishedProfile> Profiles,
    int Total,
    int Page,
    int PageCount,
    IReadOnlyList<(string Iso2, LocalizedText Name)> Countries,
    IReadOnlyList<int> Years);

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

    /// Profiles on one page of the portal's list: enough to scan, few enough for a phone.
    public const int PortalPageSize = 50;

    /// One page of the public list, newest publication first. Every profile with a snapshot is
    /// listed (one frozen before a re-opening stays readable); nothing is frozen here: with
    /// thousands of profiles, freezing the unfrozen ones inside a public request took minutes
    /// (`ProfileFreezer` does it in the background). The filters and facets run over one narrow
    /// row per profile, read in two queries whatever the number of profiles; only the page's
    /// profiles are read in full.
    public async Task<PortalPage> PortalAsync(string? countryIso2, string? lang, int? year, int page, string? place = null, int pageSize = PortalPageSize,
        CancellationToken ct = default)
    {
        var entries = await Entries(db.Assessments).ToListAsync(ct);
        var complete = await CompleteLanguagesAsync(db.ProfileSnapshots, ct);
        var countries = await CountryNamesAsync(entries.Select(e => e.Iso2).Distinct().ToList(), ct);

        var matching = entries
            .Where(e => countryIso2 is null || string.Equals(e.Iso2, countryIso2, StringComparison.OrdinalIgnoreCase))
            .Where(e => lang is null || complete[e.Id].Contains(lang))
            .Where(e => year is null || e.PublishedOn.Year == year)
            .Where(e => string.IsNullOrWhiteSpace(place) || PlaceMatches(e.Place, countries[e.Iso2], place.Trim()))
            .OrderByDescending(e => e.PublishedOn)
            .ThenBy(e => e.Place ?? countries[e.Iso2].ToString(), StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true))
            .ThenBy(e => e.Id)
            .ToList();
        var pageCount = Math.Max(1, (matching.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        var shown = matching.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var profiles = await ProfilesAsync(shown, complete, countries, ct);
        return new PortalPage(profiles, matching.Count, page, pageCount,
            countries.Select(c => (c.Key, c.Value)).ToList(),
            entries.Select(e => e.PublishedOn.Year).Distinct().OrderDescending().ToList());
    }

    /// Longest place-name search the portal takes: longer than any place's name.
    public const int MaxPlaceSearch = 100;

    /// "anil" finds Puerto Añil, "PUERTO" too: the portal's place search ignores case and accents,
    /// like the practice search. A national profile is found by its country's name in either language.
    private static bool PlaceMatches(string? place, LocalizedText country, string search)
    {
        const CompareOptions loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        return place is not null
            ? compare.IndexOf(place, search, loose) >= 0
            : compare.IndexOf(country.En ?? "", search, loose) >= 0 || compare.IndexOf(country.Es ?? "", search, loose) >= 0;
    }

    /// One listed profile with its files, for its portal page; null when it has no snapshot.
    public async Task<PublishedProfile?> PublishedProfileAsync(int assessmentId, CancellationToken ct = default)
    {
        if (await Entries(db.Assessments.Where(a => a.Id == assessmentId)).FirstOrDefaultAsync(ct) is not { } entry)
        {
            return null;
        }

        var complete = await CompleteLanguagesAsync(db.ProfileSnapshots.Where(s => s.AssessmentId == assessmentId), ct);
        return (await ProfilesAsync([entry], complete, await CountryNamesAsync([entry.Iso2], ct), ct, withFiles: true))[0];
    }

    /// The narrow row of each listed assessment (one with a snapshot): its place, its country and
    /// its last publication (the first snapshot's time when no publication was recorded).
    private IQueryable<PortalEntry> Entries(IQueryable<Assessments.Assessment> assessments) =>
        assessments.AsNoTracking()
            .Where(a => db.ProfileSnapshots.Any(s => s.AssessmentId == a.Id))
            .Select(a => new PortalEntry(a.Id, a.Jurisdiction != null ? a.Jurisdiction.Name : null, a.Country!.Iso2,
                db.StageEvents.Where(e => e.AssessmentId == a.Id && e.To == Stage.Published).Max(e => (DateTime?)e.At)
                    ?? db.ProfileSnapshots.Where(s => s.AssessmentId == a.Id).Min(s => (DateTime?)s.CreatedAt)));

    /// The languages in which each assessment's article has no fallback text (from an index).
    private static async Task<ILookup<int, string>> CompleteLanguagesAsync(IQueryable<ProfileSnapshot> snapshots, CancellationToken ct) =>
        (await snapshots.AsNoTracking()
            .Where(s => s.Format == ProfileFormats.ArticleCode && s.FallbackTexts == 0)
            .Select(s => new { s.AssessmentId, s.Lang }).ToListAsync(ct))
        .ToLookup(s => s.AssessmentId, s => s.Lang);

    private sealed record PortalEntry(int Id, string? Place, string Iso2, DateTime? PublishedAt)
    {
        public DateOnly PublishedOn => DateOnly.FromDateTime(PublishedAt ?? DateTime.MinValue);
    }

    private async Task<Dictionary<string, LocalizedText>> CountryNamesAsync(List<string> iso2, CancellationToken ct) =>
        await db.Countries.AsNoTracking().Where(c => iso2.Contains(c.Iso2))
            .ToDictionaryAsync(c => c.Iso2, c => new LocalizedText(c.Name.En, c.Name.Es), ct);

    private async Task<IReadOnlyList<PublishedProfile>> ProfilesAsync(List<PortalEntry> entries, ILookup<int, string> complete,
        Dictionary<string, LocalizedText> countries, CancellationToken ct, bool withFiles = false)
    {
        var ids = entries.Select(e => e.Id).ToList();
        var details = await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Round, a.IsFictional }).ToDictionaryAsync(a => a.Id, ct);
        var files = withFiles
            ? (await db.ProfileSnapshots.AsNoTracking().Where(s => ids.Contains(s.AssessmentId))
                .Select(s => new { s.AssessmentId, s.Lang, s.Format, s.Sha256, Size = s.Content.Length }).ToListAsync(ct))
                .ToLookup(f => f.AssessmentId)
            : null;
        return entries.Select(e =>
        {
            var country = countries[e.Iso2];
            return new PublishedProfile(e.Id, e.Place ?? country.ToString(), e.Iso2, country, details[e.Id].Round, e.PublishedOn.Year, e.PublishedOn,
                details[e.Id].IsFictional, complete[e.Id].Order(StringComparer.Ordinal).ToList(),
                files is null ? new Dictionary<(string, string), (string, int)>() : files[e.Id].ToDictionary(f => (f.Lang, f.Format), f => (f.Sha256, f.Size)));
        }).ToList();
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

    /// Freezes up to `max` published assessments that have no snapshot yet (published before
    /// snapshots existed, or generated by `faro demo`), one at a time, in random order so that two
    /// nodes sweeping together rarely render the same one. Returns how many it froze.
    public async Task<int> FreezeUnfrozenAsync(int max, CancellationToken ct = default)
    {
        var unfrozen = await Unfrozen().Select(a => a.Id).ToListAsync(ct);
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(unfrozen));
        var frozen = 0;
        foreach (var id in unfrozen.Take(max))
        {
            // Another node may have frozen it since the list was read.
            if (await Unfrozen().AnyAsync(a => a.Id == id, ct) && await FreezeOnceAsync(id, ct))
            {
                frozen++;
            }
        }

        return frozen;
    }

    private async Task<bool> FreezeOnceAsync(int assessmentId, CancellationToken ct)
    {
        try
        {
            await publisher.FreezeAsync(assessmentId, actor: "system", ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request froze it at the same moment (unique index on assessment, language and
            // format); its snapshot is the one to serve.
            db.ChangeTracker.Clear();
            return false;
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
