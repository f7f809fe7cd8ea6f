using System.Globalization;
using System.Text;
using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Learning;

public sealed record PracticeEvidence(string Title, string? Url, string? Section);

/// A `yes` finding of a published profile: public material only (public evidence, published answers).
public sealed record GoodPractice(int AnswerId, int AssessmentId, string? Jurisdiction, string Country, string CountryIso2,
    string Domain, string Indicator, string IndicatorText, string Narrative, string NarrativeLang, int Year, bool IsFictional,
    IReadOnlyList<PracticeEvidence> Evidence);

public sealed record PracticeQuery(string? Q = null, string? Domain = null, string? Indicator = null, string? Country = null,
    string? Lang = null, int Page = 1);

public sealed record FacetValue(string Code, string Label);

public sealed record PracticePage(IReadOnlyList<GoodPractice> Items, int Page, int PageSize, bool HasNext,
    IReadOnlyList<FacetValue> Domains, IReadOnlyList<FacetValue> Countries, IReadOnlyList<string> Languages);

/// The good-practice library: every `yes` answer of a published (or follow-up) assessment, searched
/// with the database's own full-text engine. The index is on the answers themselves (SQLite FTS5
/// table kept by triggers; a PostgreSQL GIN expression index), so it is current with every save;
/// what is public is decided at query time by the assessment's stage, so a re-opened assessment
/// leaves the library at once and returns when it is published again.
public sealed class GoodPracticeService(FaroDb db)
{
    public const int PageSize = 20;
    public const int MaxQueryLength = 200;

    private sealed record Hit(int Id, double Rank);

    public async Task<PracticePage> SearchAsync(PracticeQuery query, string lang, CancellationToken ct = default)
    {
        var page = Math.Clamp(query.Page, 1, 10_000);
        if (query.Q is { Length: > MaxQueryLength })
        {
            throw new InputRejectedException("practices.query_too_long", new InputError("q", "practices.query_too_long", MaxQueryLength));
        }

        if (query.Lang is { } l && !Faro.Languages.IsSupported(l))
        {
            throw new InputRejectedException("practices.bad_lang", new InputError("lang", "practices.bad_lang"));
        }

        var published = Access.PublicStages;
        var answers = db.Answers.AsNoTracking().Where(a => a.Status == AnswerStatus.Yes
            && db.Assessments.Any(s => s.Id == a.AssessmentId && published.Contains(s.Stage) && s.WithdrawnAt == null));
        if (!string.IsNullOrWhiteSpace(query.Indicator))
        {
            answers = answers.Where(a => a.Indicator!.Code == query.Indicator);
        }

        if (!string.IsNullOrWhiteSpace(query.Domain))
        {
            answers = answers.Where(a => a.Indicator!.Area!.Domain!.Code == query.Domain);
        }

        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var iso = query.Country.ToUpperInvariant();
            answers = answers.Where(a => a.Assessment!.Country!.Iso2 == iso);
        }

        if (query.Lang == Faro.Languages.Spanish)
        {
            answers = answers.Where(a => a.Narrative.Es != null && a.Narrative.Es != "");
        }
        else if (query.Lang == Faro.Languages.English)
        {
            answers = answers.Where(a => a.Narrative.En != null && a.Narrative.En != "");
        }

        var terms = Terms(query.Q);
        List<(int Id, double Rank)> pageIds;
        if (terms.Count > 0)
        {
            var hits = Hits(terms);
            pageIds = (await answers.Join(hits, a => a.Id, h => h.Id, (a, h) => new { a.Id, h.Rank })
                .OrderByDescending(x => x.Rank).ThenBy(x => x.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct))
                .Select(x => (x.Id, x.Rank)).ToList();
        }
        else
        {
            // Newest assessment first, driven from the published assessments (one narrow read) and
            // then their answers a few assessments at a time through the (assessment, indicator)
            // index, until the page is full: a facet then never makes the database sort every
            // practice of the installation (issue 14: 4 s at N = 10,000 with a country facet,
            // whose index the planner preferred to walk whole).
            var rounds = db.Assessments.AsNoTracking().Where(s => published.Contains(s.Stage) && s.WithdrawnAt == null);
            if (!string.IsNullOrWhiteSpace(query.Country))
            {
                var iso = query.Country.ToUpperInvariant();
                rounds = rounds.Where(s => s.Country!.Iso2 == iso);
            }

            var roundIds = await rounds.OrderByDescending(s => s.Id).Select(s => s.Id).ToListAsync(ct);
            var need = page * PageSize + 1;
            var found = new List<int>();
            for (int at = 0, chunk = 16; at < roundIds.Count && found.Count < need; at += chunk, chunk = Math.Min(chunk * 4, 1024))
            {
                var some = roundIds.Skip(at).Take(chunk).ToList();
                found.AddRange(await answers.Where(a => some.Contains(a.AssessmentId)).OrderByDescending(a => a.AssessmentId).ThenBy(a => a.Id)
                    .Select(a => a.Id).ToListAsync(ct));
            }

            pageIds = found.Skip((page - 1) * PageSize).Take(PageSize + 1).Select(id => (id, 0d)).ToList();
        }

        var hasNext = pageIds.Count > PageSize;
        var ids = pageIds.Take(PageSize).Select(x => x.Id).ToList();
        var items = await LoadAsync(ids, query.Lang ?? lang, ct);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        items = items.OrderBy(i => order[i.AnswerId]).ToList();
        var domains = await db.Domains.AsNoTracking().Where(d => db.Catalogues.Any(c => c.Id == d.CatalogueId && c.Status != Faro.Catalogue.CatalogueStatus.Draft))
            .OrderBy(d => d.Order).Select(d => new { d.Code, d.Title }).ToListAsync(ct);
        var countries = await db.Countries.AsNoTracking()
            .Where(c => db.Assessments.Any(a => a.CountryId == c.Id && published.Contains(a.Stage) && a.WithdrawnAt == null))
            .Select(c => new { c.Iso2, c.Name }).ToListAsync(ct);
        return new PracticePage(items, page, PageSize, hasNext,
            domains.DistinctBy(d => d.Code).Select(d => new FacetValue(d.Code, d.Title.Resolve(lang)?.Text ?? d.Code)).ToList(),
            countries.Select(c => new FacetValue(c.Iso2, c.Name.Resolve(lang)?.Text ?? c.Iso2)).OrderBy(c => c.Label, StringComparer.Create(CultureInfo.GetCultureInfo(lang), true)).ToList(),
            Faro.Languages.All);
    }

    /// Words of the query: letters and digits only, so that nothing the user types is read as
    /// search-engine syntax (FTS5 operators, tsquery operators). All words must match.
    public static IReadOnlyList<string> Terms(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return [];
        }

        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in q)
        {
            if (char.IsLetterOrDigit(ch))
            {
                current.Append(ch);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words.Take(12).ToList();
    }

    private IQueryable<Hit> Hits(IReadOnlyList<string> terms)
    {
        if (db.Database.IsNpgsql())
        {
            var text = string.Join(' ', terms);
            // Both configurations: a Spanish word is stemmed as Spanish, an English one as English.
            // `practice_search` holds the practices only (migration PracticeSearchPublished).
            return db.Database.SqlQuery<Hit>($"""
                SELECT "AnswerId" AS "Id", ts_rank(doc, q)::float8 AS "Rank"
                FROM practice_search, (SELECT plainto_tsquery('english', faro_unaccent({text})) || plainto_tsquery('spanish', faro_unaccent({text})) AS q) AS query
                WHERE doc @@ q
                """);
        }

        // `practice_search` holds the practices only: its triggers follow the answer's status and
        // the assessment's stage (migration PracticeSearchPublished).
        var match = string.Join(' ', terms.Select(t => "\"" + t + "\""));
        // bm25 is lower for better matches; negated so that higher is better on both providers.
        return db.Database.SqlQuery<Hit>($"""
            SELECT rowid AS "Id", -bm25(practice_search) AS "Rank" FROM practice_search WHERE practice_search MATCH {match}
            """);
    }

    /// The practices of these answers, with public evidence only and the year of publication.
    public async Task<List<GoodPractice>> LoadAsync(IReadOnlyCollection<int> answerIds, string lang, CancellationToken ct)
    {
        if (answerIds.Count == 0)
        {
            return [];
        }

        var rows = await db.Answers.AsNoTracking().Where(a => answerIds.Contains(a.Id)).Select(a => new
        {
            a.Id,
            a.AssessmentId,
            Jurisdiction = a.Assessment!.Jurisdiction!.Name,
            CountryName = a.Assessment.Country!.Name,
            a.Assessment.Country.Iso2,
            Domain = a.Indicator!.Area!.Domain!.Code,
            Indicator = a.Indicator.Code,
            IndicatorText = a.Indicator.Text,
            a.Narrative,
            a.Assessment.IsFictional,
            a.Assessment.UpdatedAt,
        }).ToListAsync(ct);
        var assessmentIds = rows.Select(r => r.AssessmentId).Distinct().ToList();
        var years = await db.StageEvents.AsNoTracking().Where(e => assessmentIds.Contains(e.AssessmentId) && e.To == Workflow.Stage.Published)
            .GroupBy(e => e.AssessmentId).Select(g => new { g.Key, At = g.Max(e => e.At) }).ToDictionaryAsync(x => x.Key, x => x.At.Year, ct);
        var evidence = (await db.AnswerEvidence.AsNoTracking().Where(x => answerIds.Contains(x.AnswerId) && x.Evidence!.IsPublic)
            .Select(x => new { x.AnswerId, x.Evidence!.Title, x.Evidence.Url, x.Section }).ToListAsync(ct))
            .ToLookup(x => x.AnswerId);
        return rows.Select(r =>
        {
            var narrative = r.Narrative.Resolve(lang);
            return new GoodPractice(r.Id, r.AssessmentId, r.Jurisdiction, r.CountryName.Resolve(lang)?.Text ?? r.Iso2, r.Iso2, r.Domain, r.Indicator,
                r.IndicatorText.Resolve(lang)?.Text ?? r.Indicator, narrative?.Text ?? "", narrative?.Lang ?? lang,
                years.TryGetValue(r.AssessmentId, out var y) ? y : r.UpdatedAt.Year, r.IsFictional,
                evidence[r.Id].Select(e => new PracticeEvidence(e.Title.Resolve(lang)?.Text ?? "", SafeUrl(e.Url), e.Section)).ToList());
        }).ToList();
    }

    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? u.AbsoluteUri : null;
}
