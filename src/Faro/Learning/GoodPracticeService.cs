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
public sealed class GoodPracticeService(FaroDb db, PracticeRankCache ranks)
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
        var terms = Terms(query.Q);
        var iso = string.IsNullOrWhiteSpace(query.Country) ? null : query.Country.ToUpperInvariant();
        List<(int Id, double Rank)> pageIds;
        if (terms.Count > 0)
        {
            // The index holds the practices and their facets: one query that ranks only the
            // matches left after the facets, best first, and returns one page (plus one row to
            // know whether there is a next page).
            if (page <= PracticeRankCache.Pages)
            {
                // The first pages of a search are kept per process until the next publication
                // (`PracticeRankCache`): ranking a common word means scoring every practice that
                // holds it, and the same words and facets come back (the next page, other readers).
                var stamp = await PublishedStamp.ReadAsync(db, ct);
                var key = string.Join('\u001f', terms.Select(t => t.ToLowerInvariant()).Append(query.Domain ?? "").Append(query.Indicator ?? "")
                    .Append(iso ?? "").Append(query.Lang ?? ""));
                var ranked = ranks.Get(stamp, key);
                if (ranked is null)
                {
                    ranked = await RankedAsync(terms, query.Domain, query.Indicator, iso, query.Lang, 0, PracticeRankCache.Pages * PageSize + 1, ct);
                    ranks.Set(stamp, key, ranked);
                }

                pageIds = ranked.Skip((page - 1) * PageSize).Take(PageSize + 1).ToList();
            }
            else
            {
                pageIds = await RankedAsync(terms, query.Domain, query.Indicator, iso, query.Lang, (page - 1) * PageSize, PageSize + 1, ct);
            }
        }
        else
        {
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

            if (query.Lang == Faro.Languages.Spanish)
            {
                answers = answers.Where(a => a.Narrative.Es != null && a.Narrative.Es != "");
            }
            else if (query.Lang == Faro.Languages.English)
            {
                answers = answers.Where(a => a.Narrative.En != null && a.Narrative.En != "");
            }

            // Newest assessment first, driven from the published assessments (one narrow read) and
            // then their answers a few assessments at a time through the (assessment, indicator)
            // index, until the page is full: a facet then never makes the database sort every
            // practice of the installation (issue 14: 4 s at N = 10,000 with a country facet,
            // whose index the planner preferred to walk whole).
            var rounds = db.Assessments.AsNoTracking().Where(s => published.Contains(s.Stage) && s.WithdrawnAt == null);
            if (iso is not null)
            {
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

    /// One page of the practices matching every word and facet, best first (ties by answer id).
    private async Task<List<(int Id, double Rank)>> RankedAsync(IReadOnlyList<string> terms, string? domain, string? indicator, string? iso,
        string? lang, int skip, int take, CancellationToken ct)
    {
        List<Hit> hits;
        if (db.Database.IsNpgsql())
        {
            var text = string.Join(' ', terms);
            // Both configurations: a Spanish word is stemmed as Spanish, an English one as English.
            // `practice_search` holds the practices and their facets (migrations
            // PracticeSearchPublished, PracticeSearchFacets); the facets are plain columns with
            // b-tree indexes that the planner combines with the GIN index of the words. The query
            // words are made a tsquery once, in a materialised CTE: statements are prepared
            // (`Max Auto Prepare`, DatabaseSetup), and in a generic plan an inline
            // `plainto_tsquery(faro_unaccent($1))` was evaluated again for every matching row's
            // ts_rank (100 ms instead of 25 for a word in 19,000 practices).
            var ranked = db.Database.SqlQuery<PgHit>($"""
                WITH query AS MATERIALIZED (SELECT plainto_tsquery('english', faro_unaccent({text})) || plainto_tsquery('spanish', faro_unaccent({text})) AS q)
                SELECT "AnswerId" AS "Id", ts_rank(doc, q)::float8 AS "Rank", "Domain", "Indicator", "Country", "HasEn", "HasEs"
                FROM practice_search, query
                WHERE doc @@ q
                """);
            if (!string.IsNullOrWhiteSpace(domain))
            {
                ranked = ranked.Where(h => h.Domain == domain);
            }

            if (!string.IsNullOrWhiteSpace(indicator))
            {
                ranked = ranked.Where(h => h.Indicator == indicator);
            }

            if (iso is not null)
            {
                ranked = ranked.Where(h => h.Country == iso);
            }

            if (lang == Faro.Languages.Spanish)
            {
                ranked = ranked.Where(h => h.HasEs);
            }
            else if (lang == Faro.Languages.English)
            {
                ranked = ranked.Where(h => h.HasEn);
            }

            hits = await ranked.OrderByDescending(h => h.Rank).ThenBy(h => h.Id).Skip(skip).Take(take).Select(h => new Hit(h.Id, h.Rank)).ToListAsync(ct);
        }
        else
        {
            // FTS5: the words in the two narrative columns, each facet a token of the `Facets`
            // column (migration PracticeSearchFacets); `ORDER BY rank` lets FTS5 sort inside the
            // virtual table. bm25 is lower for better matches; negated so that higher is better on
            // both providers. The words are letters and digits only (`Terms`), quoted as phrases.
            var match = new StringBuilder("{Narrative_En Narrative_Es} : (").AppendJoin(' ', terms.Select(t => "\"" + t + "\"")).Append(')');
            foreach (var facet in new[]
            {
                string.IsNullOrWhiteSpace(domain) ? null : FacetToken("dom", domain),
                string.IsNullOrWhiteSpace(indicator) ? null : FacetToken("ind", indicator),
                iso is null ? null : FacetToken("cty", iso),
                lang is null ? null : FacetToken("lang", lang),
            })
            {
                if (facet is not null)
                {
                    match.Append(" AND Facets : \"").Append(facet).Append('"');
                }
            }

            var expression = match.ToString();
            hits = await db.Database.SqlQuery<Hit>($"""
                SELECT rowid AS "Id", -rank AS "Rank" FROM practice_search WHERE practice_search MATCH {expression}
                ORDER BY rank, rowid LIMIT {take} OFFSET {skip}
                """).ToListAsync(ct);
        }

        return hits.Select(h => (h.Id, h.Rank)).ToList();
    }

    /// A facet as the SQLite index writes it: prefix and code, lower case, without '-'. A code's
    /// '.' or '_' splits it into tokens on both sides alike, so the phrase still matches; nothing
    /// but letters, digits, '.' and '_' (what a catalogue code may hold) goes into the phrase.
    private static string FacetToken(string prefix, string code) =>
        "x" + prefix + new string(code.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_').ToArray());

    private sealed record PgHit(int Id, double Rank, string Domain, string Indicator, string Country, bool HasEn, bool HasEs);

    /// The practices of these answers, with public evidence only and the year of publication.
    public async Task<List<GoodPractice>> LoadAsync(IReadOnlyCollection<int> answerIds, string lang, CancellationToken ct)
    {
        if (answerIds.Count == 0)
        {
            return [];
        }

        // Still a practice when read: the index is read in its own statement, and an assessment
        // re-opened in between must not show here.
        var published = Access.PublicStages;
        var rows = await db.Answers.AsNoTracking().Where(a => answerIds.Contains(a.Id) && a.Status == AnswerStatus.Yes
            && db.Assessments.Any(s => s.Id == a.AssessmentId && published.Contains(s.Stage) && s.WithdrawnAt == null)).Select(a => new
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
                // In the same statement (one round trip fewer per page): the last publication.
                PublishedAt = db.StageEvents.Where(e => e.AssessmentId == a.AssessmentId && e.To == Workflow.Stage.Published).Max(e => (DateTime?)e.At),
            }).ToListAsync(ct);
        var evidence = (await db.AnswerEvidence.AsNoTracking().Where(x => answerIds.Contains(x.AnswerId) && x.Evidence!.IsPublic)
            .Select(x => new { x.AnswerId, x.Evidence!.Title, x.Evidence.Url, x.Section }).ToListAsync(ct))
            .ToLookup(x => x.AnswerId);
        return rows.Select(r =>
        {
            var narrative = r.Narrative.Resolve(lang);
            return new GoodPractice(r.Id, r.AssessmentId, r.Jurisdiction, r.CountryName.Resolve(lang)?.Text ?? r.Iso2, r.Iso2, r.Domain, r.Indicator,
                r.IndicatorText.Resolve(lang)?.Text ?? r.Indicator, narrative?.Text ?? "", narrative?.Lang ?? lang,
                (r.PublishedAt ?? r.UpdatedAt).Year, r.IsFictional,
                evidence[r.Id].Select(e => new PracticeEvidence(e.Title.Resolve(lang)?.Text ?? "", SafeUrl(e.Url), e.Section)).ToList());
        }).ToList();
    }

    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? u.AbsoluteUri : null;
}

/// The ranked first pages of recent searches of the practice library (answer ids and ranks only;
/// the practices themselves are read fresh for every page), per process, valid while the
/// `PublishedStamp` is the same: the library is public material that changes only with a
/// publication or a re-opening. Bounded: emptied when it holds `MaxEntries` searches.
public sealed class PracticeRankCache
{
    public const int Pages = 5;
    public const int MaxEntries = 1_000;

    private readonly Lock gate = new();
    private string stamp = "";
    private readonly Dictionary<string, IReadOnlyList<(int Id, double Rank)>> entries = new(StringComparer.Ordinal);

    /// Forgets every search (the benchmark measures the uncached cost with it).
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    public IReadOnlyList<(int Id, double Rank)>? Get(string currentStamp, string key)
    {
        lock (gate)
        {
            return stamp == currentStamp && entries.TryGetValue(key, out var hit) ? hit : null;
        }
    }

    public void Set(string currentStamp, string key, IReadOnlyList<(int Id, double Rank)> ranked)
    {
        lock (gate)
        {
            if (stamp != currentStamp || entries.Count >= MaxEntries)
            {
                entries.Clear();
                stamp = currentStamp;
            }

            entries[key] = ranked;
        }
    }
}
