using Faro.Assessments;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Learning;

public sealed record PeerReason(string Code, LocalizedText Text);

public sealed record Peer(int AssessmentId, string Jurisdiction, string Country, bool IsFictional, int AnswerId, double Score,
    IReadOnlyList<string> Reasons);

public sealed record GapPeers(string Indicator, string IndicatorText, AnswerStatus Status, IReadOnlyList<Peer> Peers);

/// Peer matching: for each gap (`no`/`partial`) of an assessment, published local assessments of
/// other places answering `yes` on the same indicator code, best first. The score (0–100):
///   50  same indicator answered `yes` (every candidate has it);
///   +3 per other `yes` of the peer in the same sub-area, up to +15 (it built the neighbourhood);
///   +15 same country, else +10 same intermediate region, +7 same sub-region, +4 same region (UN M49);
///   +5 same administrative level;
///   +10 × similarity of population (1 − |log10 ratio|, 0 below a tenfold difference), when both known;
///   +5 × recency (1 for a round published this year, falling to 0 over five years).
/// Only the latest published round of each place counts.
///
/// The published side (every candidate with its `yes` answers) comes from `PeerIndex`, built once
/// per process and rebuilt when a stage moves: at N = 10,000 reading it costs a second, scoring it
/// in memory a few milliseconds.
public sealed class PeerService(FaroDb db, Access access, PeerIndex index, TimeProvider clock)
{
    public const int PerGap = 5;

    public async Task<IReadOnlyList<GapPeers>> PeersAsync(Actor actor, int assessmentId, string lang, CancellationToken ct = default)
    {
        await access.AssessmentAsync(actor, assessmentId, ct);
        var self = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId).Select(a => new
        {
            a.JurisdictionId,
            a.CountryId,
            a.Country!.RegionCode,
            a.Country.SubRegionCode,
            a.Country.IntermediateRegionCode,
            AdminLevel = (int?)a.Jurisdiction!.AdminLevel,
            a.Jurisdiction.Population,
        }).FirstAsync(ct);
        var gaps = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessmentId && (a.Status == AnswerStatus.No || a.Status == AnswerStatus.Partial))
            .Select(a => new { a.Indicator!.Code, a.Indicator.Text, a.Indicator.Order, AreaCode = a.Indicator.Area!.Code, a.Status }).ToListAsync(ct);
        if (gaps.Count == 0)
        {
            return [];
        }

        var published = await index.GetAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // The place part of the score does not depend on the gap: computed once per candidate (its
        // reasons written out only for the few peers shown); each gap then walks only the
        // candidates that answer `yes` on it, from the index's list per indicator. At N = 10,000
        // (41 gaps × 2,858 candidates) a dictionary lookup per pair and a reason list per pair
        // were most of the request.
        var all = published.Candidates;
        var place = new double[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            place[i] = all[i].Id == assessmentId || all[i].JurisdictionId == self.JurisdictionId
                ? double.NaN
                : Place(all[i], self.CountryId, self.IntermediateRegionCode, self.SubRegionCode, self.RegionCode, self.AdminLevel, self.Population, now,
                    reasons: null);
        }

        var result = new List<GapPeers>(gaps.Count);
        foreach (var g in gaps.OrderBy(g => g.Code, StringComparer.Ordinal))
        {
            // The best PerGap kept in a small sorted array as the candidates pass (score down, then
            // assessment id up), instead of sorting every candidate of the gap.
            var best = new List<(PeerCandidate C, int AnswerId, int Neighbours, double Score)>(PerGap + 1);
            foreach (var yes in published.YesOn(g.Code))
            {
                if (double.IsNaN(place[yes.At]))
                {
                    continue;
                }

                var c = all[yes.At];
                // The candidate's `yes` answers in the sub-area of this indicator, itself excluded;
                // counted once in the index (the gap's sub-area is the same where both use one
                // catalogue; otherwise looked up by the gap's sub-area code).
                var neighbours = (yes.AreaCode == g.AreaCode ? yes.InArea : c.YesByArea.GetValueOrDefault(g.AreaCode)) - 1;
                var score = Math.Round(50 + (neighbours > 0 ? Math.Min(15, 3 * neighbours) : 0) + place[yes.At], 1);
                var at = best.Count;
                while (at > 0 && (best[at - 1].Score < score || (best[at - 1].Score == score && best[at - 1].C.Id > c.Id)))
                {
                    at--;
                }

                if (at < PerGap)
                {
                    best.Insert(at, (c, yes.AnswerId, neighbours, score));
                    if (best.Count > PerGap)
                    {
                        best.RemoveAt(PerGap);
                    }
                }
            }

            var peers = best.Select(p =>
            {
                var reasons = new List<string> { T(lang, "learning.reason.answers_yes", g.Code) };
                if (p.Neighbours > 0)
                {
                    reasons.Add(T(lang, "learning.reason.neighbours", p.Neighbours));
                }

                var placeReasons = new List<string>();
                Place(p.C, self.CountryId, self.IntermediateRegionCode, self.SubRegionCode, self.RegionCode, self.AdminLevel, self.Population, now,
                    placeReasons);
                reasons.AddRange(placeReasons.Select(key => T(lang, key)));
                return new Peer(p.C.Id, p.C.Name, p.C.CountryName.Resolve(lang)?.Text ?? "", p.C.IsFictional, p.AnswerId, p.Score, reasons);
            }).ToList();
            result.Add(new GapPeers(g.Code, g.Text.Resolve(lang)?.Text ?? g.Code, g.Status!.Value, peers));
        }

        return result;
    }

    /// The part of the score that depends on the two places only: country or region, level, size,
    /// recency; with `reasons`, also why.
    private static double Place(PeerCandidate c, int selfCountry, string? intermediate, string? sub,
        string? region, int? adminLevel, int? population, DateTime now, List<string>? reasons)
    {
        double score = 0;
        if (c.CountryId == selfCountry)
        {
            score += 15;
            reasons?.Add("learning.reason.same_country");
        }
        else if (c.IntermediateRegionCode is not null && c.IntermediateRegionCode == intermediate)
        {
            score += 10;
            reasons?.Add("learning.reason.same_intermediate_region");
        }
        else if (c.SubRegionCode is not null && c.SubRegionCode == sub)
        {
            score += 7;
            reasons?.Add("learning.reason.same_sub_region");
        }
        else if (c.RegionCode is not null && c.RegionCode == region)
        {
            score += 4;
            reasons?.Add("learning.reason.same_region");
        }

        if (adminLevel == c.AdminLevel)
        {
            score += 5;
            reasons?.Add("learning.reason.same_admin_level");
        }

        if (population is > 0 && c.Population is > 0)
        {
            var similarity = 1 - Math.Abs(Math.Log10((double)population.Value / c.Population.Value));
            if (similarity > 0)
            {
                score += 10 * similarity;
                reasons?.Add("learning.reason.similar_population");
            }
        }

        var years = (now - c.UpdatedAt).TotalDays / 365.25;
        var recency = Math.Clamp(1 - years / 5, 0, 1);
        if (recency > 0)
        {
            score += 5 * recency;
            reasons?.Add("learning.reason.recent_round");
        }

        return score;
    }

    // The reasons are the catalogue's `learning.reason.*` keys (Texts/dialogue.*.json).
    private static string T(string lang, string key, params object?[] args) => Texts.TextCatalog.Default.Render(lang, key, args);
}

/// A published local assessment as peer matching sees it: its place and its `yes` answers (indicator
/// code → answer id, and how many per sub-area).
public sealed record PeerCandidate(int Id, int? JurisdictionId, string Name, int? AdminLevel, int? Population, int CountryId,
    LocalizedText CountryName, string? RegionCode, string? SubRegionCode, string? IntermediateRegionCode, bool IsFictional, DateTime UpdatedAt,
    IReadOnlyDictionary<string, int> Yes, IReadOnlyDictionary<string, int> YesByArea);

/// The published side of peer matching, held in memory by each process (a singleton): the latest
/// published round of each place and its `yes` answers. It is public material, so each use checks
/// the `PublishedStamp` and rebuilds on a change. Each node of several keeps its own and sees
/// another node's publication at its next use.
public sealed class PeerIndex : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();
    private (string Stamp, Published Index)? current;

    /// A candidate's `yes` on one indicator: its position in `Candidates`, the answer, the
    /// indicator's sub-area in the candidate's catalogue and how many `yes` the candidate has there.
    public readonly record struct YesEntry(int At, int AnswerId, string AreaCode, int InArea);

    /// The candidates, and for each indicator code the candidates answering `yes` on it.
    public sealed record Published(IReadOnlyList<PeerCandidate> Candidates, IReadOnlyDictionary<string, YesEntry[]> ByIndicator)
    {
        public IReadOnlyList<YesEntry> YesOn(string code) => ByIndicator.TryGetValue(code, out var list) ? list : [];
    }

    public async Task<Published> GetAsync(FaroDb db, CancellationToken ct)
    {
        var stamp = await PublishedStamp.ReadAsync(db, ct);
        if (current is { } hit && hit.Stamp == stamp)
        {
            return hit.Index;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (current is { } again && again.Stamp == stamp)
            {
                return again.Index;
            }

            var built = await BuildAsync(db, ct);
            current = (stamp, built);
            return built;
        }
        finally
        {
            gate.Release();
        }
    }


    private static async Task<Published> BuildAsync(FaroDb db, CancellationToken ct)
    {
        var published = Access.PublicStages;
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.Level == AssessmentLevel.Local && published.Contains(a.Stage) && a.WithdrawnAt == null)
            .Select(a => new
            {
                a.Id,
                a.JurisdictionId,
                a.Round,
                Name = a.Jurisdiction!.Name,
                a.Jurisdiction.AdminLevel,
                a.Jurisdiction.Population,
                a.CountryId,
                CountryName = a.Country!.Name,
                a.Country.RegionCode,
                a.Country.SubRegionCode,
                a.Country.IntermediateRegionCode,
                a.IsFictional,
                a.UpdatedAt,
            }).ToListAsync(ct);
        var latest = rows.GroupBy(c => c.JurisdictionId).Select(g => g.MaxBy(c => c.Round)!).ToList();
        var ids = latest.Select(c => c.Id).ToHashSet();
        // The practices index holds exactly the published `yes` answers; the join keeps this one read.
        var yes = (await db.Answers.AsNoTracking()
            .Where(a => a.Status == AnswerStatus.Yes && db.Assessments.Any(s => s.Id == a.AssessmentId && published.Contains(s.Stage) && s.WithdrawnAt == null
                && s.Level == AssessmentLevel.Local))
            .Select(a => new { a.Id, a.AssessmentId, a.Indicator!.Code, AreaCode = a.Indicator.Area!.Code }).ToListAsync(ct))
            .Where(a => ids.Contains(a.AssessmentId))
            .ToLookup(a => a.AssessmentId);
        var candidates = latest.Select(c =>
        {
            var answers = yes[c.Id].ToList();
            return new PeerCandidate(c.Id, c.JurisdictionId, c.Name, c.AdminLevel, c.Population, c.CountryId, c.CountryName, c.RegionCode,
                c.SubRegionCode, c.IntermediateRegionCode, c.IsFictional, c.UpdatedAt,
                answers.GroupBy(a => a.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal),
                answers.GroupBy(a => a.AreaCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        }).ToList();
        var byIndicator = candidates
            .SelectMany((c, at) => yes[c.Id].DistinctBy(a => a.Code).Select(a => (a.Code, Entry: new YesEntry(at, a.Id, a.AreaCode, c.YesByArea[a.AreaCode]))))
            .GroupBy(x => x.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Entry).ToArray(), StringComparer.Ordinal);
        return new Published(candidates, byIndicator);
    }
}

/// What the published material of the learning features depends on, as one short string: it
/// changes only when a stage moves (publication, re-opening, follow-up; a published assessment's
/// answers cannot change and it cannot be withdrawn), when places are imported or renamed, or
/// when an assessment is added. Three MAX() reads over indexed columns, whatever the size, in one
/// statement: every search and peer request reads it, and on PostgreSQL a round trip costs more
/// than the three reads (issue 12).
internal static class PublishedStamp
{
    // The same SQL on both providers (`||` and CAST to text are common to SQLite and PostgreSQL).
    private const string Sql = """
        SELECT CAST(coalesce((SELECT max("Id") FROM stage_events), 0) AS text) || '.'
            || CAST(coalesce((SELECT max("Id") FROM audit WHERE "EntityType" IN ('jurisdiction', 'country')), 0) AS text) || '.'
            || CAST(coalesce((SELECT max("Id") FROM assessments), 0) AS text) AS "Value"
        """;

    public static async Task<string> ReadAsync(FaroDb db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>(Sql).ToListAsync(ct))[0];
}
