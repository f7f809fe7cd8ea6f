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
public sealed class PeerService(FaroDb db, Access access, TimeProvider clock)
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

        var published = Access.PublicStages;
        var candidates = await db.Assessments.AsNoTracking()
            .Where(a => a.Level == AssessmentLevel.Local && published.Contains(a.Stage) && a.WithdrawnAt == null && a.Id != assessmentId
                && a.JurisdictionId != self.JurisdictionId)
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
        // The latest published round of each place.
        var latest = candidates.GroupBy(c => c.JurisdictionId).Select(g => g.MaxBy(c => c.Round)!).ToDictionary(c => c.Id);
        if (latest.Count == 0)
        {
            return gaps.Select(g => new GapPeers(g.Code, g.Text.Resolve(lang)?.Text ?? g.Code, g.Status!.Value, [])).ToList();
        }

        var areaCodes = gaps.Select(g => g.AreaCode).Distinct().ToList();
        var ids = latest.Keys.ToList();
        var yes = await db.Answers.AsNoTracking()
            .Where(a => a.Status == AnswerStatus.Yes && ids.Contains(a.AssessmentId) && areaCodes.Contains(a.Indicator!.Area!.Code))
            .Select(a => new { a.Id, a.AssessmentId, a.Indicator!.Code, AreaCode = a.Indicator.Area!.Code }).ToListAsync(ct);
        var byAssessmentArea = yes.GroupBy(y => (y.AssessmentId, y.AreaCode)).ToDictionary(g => g.Key, g => g.Count());
        var now = clock.GetUtcNow().UtcDateTime;
        return gaps.OrderBy(g => g.Code, StringComparer.Ordinal).Select(g =>
        {
            var peers = yes.Where(y => y.Code == g.Code).Select(y =>
            {
                var c = latest[y.AssessmentId];
                var reasons = new List<string> { T(lang, $"answers yes on {g.Code}", $"responde sí en {g.Code}") };
                double score = 50;
                var neighbours = byAssessmentArea.GetValueOrDefault((y.AssessmentId, g.AreaCode)) - 1;
                if (neighbours > 0)
                {
                    score += Math.Min(15, 3 * neighbours);
                    reasons.Add(T(lang, $"{neighbours} more yes in the same sub-area", $"{neighbours} sí más en la misma subárea"));
                }

                if (c.CountryId == self.CountryId)
                {
                    score += 15;
                    reasons.Add(T(lang, "same country", "mismo país"));
                }
                else if (c.IntermediateRegionCode is not null && c.IntermediateRegionCode == self.IntermediateRegionCode)
                {
                    score += 10;
                    reasons.Add(T(lang, "same intermediate region", "misma región intermedia"));
                }
                else if (c.SubRegionCode is not null && c.SubRegionCode == self.SubRegionCode)
                {
                    score += 7;
                    reasons.Add(T(lang, "same sub-region", "misma subregión"));
                }
                else if (c.RegionCode is not null && c.RegionCode == self.RegionCode)
                {
                    score += 4;
                    reasons.Add(T(lang, "same region", "misma región"));
                }

                if (self.AdminLevel == c.AdminLevel)
                {
                    score += 5;
                    reasons.Add(T(lang, "same administrative level", "mismo nivel administrativo"));
                }

                if (self.Population is > 0 && c.Population is > 0)
                {
                    var similarity = 1 - Math.Abs(Math.Log10((double)self.Population.Value / c.Population.Value));
                    if (similarity > 0)
                    {
                        score += 10 * similarity;
                        reasons.Add(T(lang, "similar population", "población similar"));
                    }
                }

                var years = (now - c.UpdatedAt).TotalDays / 365.25;
                var recency = Math.Clamp(1 - years / 5, 0, 1);
                if (recency > 0)
                {
                    score += 5 * recency;
                    reasons.Add(T(lang, "recent round", "ronda reciente"));
                }

                return new Peer(c.Id, c.Name, c.CountryName.Resolve(lang)?.Text ?? "", c.IsFictional, y.Id, Math.Round(score, 1), reasons);
            }).OrderByDescending(p => p.Score).ThenBy(p => p.AssessmentId).Take(PerGap).ToList();
            return new GapPeers(g.Code, g.Text.Resolve(lang)?.Text ?? g.Code, g.Status!.Value, peers);
        }).ToList();
    }

    private static string T(string lang, string en, string es) => lang == Faro.Languages.Spanish ? es : en;
}
