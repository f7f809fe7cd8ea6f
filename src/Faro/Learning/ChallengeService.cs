using Faro.Assessments;
using Faro.Data;
using Microsoft.EntityFrameworkCore;

namespace Faro.Learning;

public sealed record PracticeLink(int AssessmentId, string Jurisdiction, string Country, bool IsFictional);

public sealed record Challenge(string Indicator, string IndicatorText, int Gaps, int Assessments, IReadOnlyList<PracticeLink> PracticesElsewhere);

public sealed record ChallengeReport(string Scope, string ScopeName, int Assessments, IReadOnlyList<Challenge> Challenges);

/// Common challenges of a country or a UN M49 region: the indicators most often `no`/`partial`
/// across the latest published round of each place, with places elsewhere that answer `yes`.
/// Descriptive: it counts indicators, never ranks or names the cities that have the gap.
public sealed class ChallengeService(FaroDb db, PeerIndex index)
{
    public const int Top = 15;
    public const int PracticesPerChallenge = 3;

    public async Task<ChallengeReport> ForAsync(string scope, string lang, CancellationToken ct = default)
    {
        var code = (scope ?? "").Trim().ToUpperInvariant();
        var countries = await db.Countries.AsNoTracking()
            .Where(c => c.Iso2 == code || c.RegionCode == code || c.SubRegionCode == code || c.IntermediateRegionCode == code)
            .ToListAsync(ct);
        if (countries.Count == 0)
        {
            throw new InputRejectedException("challenges.unknown_scope", new InputError("scope", "challenges.unknown_scope", scope));
        }

        var first = countries[0];
        var name = first.Iso2 == code ? first.Name
            : first.RegionCode == code ? first.RegionName
            : first.SubRegionCode == code ? first.SubRegionName : first.IntermediateRegionName;
        var countryIds = countries.Select(c => c.Id).ToList();
        // The latest published round of each place: the in-memory index peer matching keeps.
        var published = await index.GetAsync(db, ct);
        var candidates = published.Candidates;
        var inScope = candidates.Where(a => countryIds.Contains(a.CountryId)).Select(a => a.Id).ToList();
        var gaps = await db.Answers.AsNoTracking()
            .Where(a => inScope.Contains(a.AssessmentId) && (a.Status == AnswerStatus.No || a.Status == AnswerStatus.Partial))
            .GroupBy(a => new { a.Indicator!.Code })
            .Select(g => new { g.Key.Code, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Code).Take(Top).ToListAsync(ct);
        var codes = gaps.Select(g => g.Code).ToList();
        var texts = (await db.Indicators.AsNoTracking().Where(i => codes.Contains(i.Code)).Select(i => new { i.Code, i.Text }).ToListAsync(ct))
            .DistinctBy(i => i.Code).ToDictionary(i => i.Code, i => i.Text.Resolve(lang)?.Text ?? i.Code);
        // The places that answer `yes`, from the same index rather than a read of every answer.
        var practices = codes.SelectMany(c => published.YesOn(c).Select(y => (Code: c, p: candidates[y.At])))
            .ToLookup(x => x.Code, x => new { AssessmentId = x.p.Id, x.p.Name, Country = x.p.CountryName, x.p.CountryId, x.p.IsFictional });
        return new ChallengeReport(code, name.Resolve(lang)?.Text ?? code, inScope.Count, gaps.Select(g => new Challenge(g.Code,
            texts.GetValueOrDefault(g.Code, g.Code), g.Count, inScope.Count,
            // Practices from outside the scope first: what the scope lacks, others have.
            practices[g.Code].OrderBy(p => countryIds.Contains(p.CountryId)).ThenBy(p => p.AssessmentId).Take(PracticesPerChallenge)
                .Select(p => new PracticeLink(p.AssessmentId, p.Name, p.Country.Resolve(lang)?.Text ?? "", p.IsFictional)).ToList())).ToList());
    }
}
