using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.FollowUp;

public enum RoundChange
{
    Improved,
    Regressed,
    Unchanged,
    /// Both answered, but at least one status (not applicable, unknown, national competence) has no order.
    Changed,
    New,
    Retired,
}

public sealed record ComparedIndicator(string? Code, string? EarlierCode, string Text, AnswerStatus? Earlier, AnswerStatus? Later,
    RoundChange Change, string Wording, string? EarlierNarrative, string? LaterNarrative);

/// An action of the earlier round's plan and how it ended, so that the next round shows what was done.
public sealed record EarlierAction(string? Code, string Text, string Status);

public sealed record RoundsComparison(int LaterId, int LaterRound, int EarlierId, int EarlierRound, string Place,
    IReadOnlyList<ComparedIndicator> Indicators, IReadOnlyList<EarlierAction> EarlierActions)
{
    public int Count(RoundChange change) => Indicators.Count(i => i.Change == change);
}

/// Compares two rounds indicator by indicator. When the catalogues differ the later catalogue's
/// crosswalk maps old codes to new ones (`Removed` codes are retired, `New` ones are new). The
/// words are those a government accepts: "more developed than in round 1", never "regressed".
public sealed class RoundComparisonService(FaroDb db, Access access)
{
    public async Task<RoundsComparison> CompareAsync(Actor actor, int assessmentId, int? with, string lang, CancellationToken ct = default)
    {
        await access.AssessmentAsync(actor, assessmentId, ct);
        if (with is not { } otherId)
        {
            otherId = await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.PreviousRoundId).FirstOrDefaultAsync(ct)
                ?? throw new InputRejectedException("comparison.no_other_round", new InputError("with", "comparison.no_other_round"));
        }

        await access.AssessmentAsync(actor, otherId, ct);
        var pair = await db.Assessments.AsNoTracking().Include(a => a.Jurisdiction).Where(a => a.Id == assessmentId || a.Id == otherId).ToListAsync(ct);
        var a = pair.Single(x => x.Id == assessmentId);
        var b = pair.SingleOrDefault(x => x.Id == otherId) ?? a;
        if (a.Id == b.Id || a.JurisdictionId != b.JurisdictionId || a.CountryId != b.CountryId || a.Level != b.Level)
        {
            throw new InputRejectedException("comparison.not_rounds", new InputError("with", "comparison.not_rounds"));
        }

        var (earlier, later) = a.Round < b.Round || (a.Round == b.Round && a.Id < b.Id) ? (a, b) : (b, a);
        var earlierItems = await ItemsAsync(earlier, ct);
        var laterItems = await ItemsAsync(later, ct);
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        var news = new HashSet<string>(StringComparer.Ordinal);
        if (earlier.CatalogueId != later.CatalogueId)
        {
            foreach (var e in await db.Crosswalk.AsNoTracking().Where(c => c.CatalogueId == later.CatalogueId).ToListAsync(ct))
            {
                if (e.Kind == CrosswalkKind.New && e.ToCode is not null)
                {
                    news.Add(e.ToCode);
                }
                else if (e.FromCode is not null)
                {
                    // An indicator merged into another is compared with nothing: the indicator it
                    // was merged into continues its own (as in NextRound), and comparing both with
                    // one later answer would count a change twice.
                    map[e.FromCode] = e.Kind is CrosswalkKind.Removed or CrosswalkKind.Merged ? null : e.ToCode;
                }
            }
        }

        var rows = new List<ComparedIndicator>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var old in earlierItems)
        {
            var to = map.TryGetValue(old.Code, out var mapped) ? mapped : old.Code;
            var now = to is null ? null : laterItems.FirstOrDefault(l => l.Code == to);
            if (now is null)
            {
                rows.Add(Row(null, old, null, RoundChange.Retired, earlier.Round, lang));
                continue;
            }

            matched.Add(now.Code);
            rows.Add(Row(now.Code, old, now, Compare(old.Status, now.Status), earlier.Round, lang));
        }

        foreach (var now in laterItems.Where(l => !matched.Contains(l.Code)))
        {
            rows.Add(Row(now.Code, null, now, RoundChange.New, earlier.Round, lang));
        }

        var actions = (await db.Actions.AsNoTracking().Where(x => x.AssessmentId == earlier.Id && x.RemovedAt == null).OrderBy(x => x.Id)
                .Select(x => new { Code = db.Indicators.Where(i => i.Id == x.IndicatorId).Select(i => i.Code).FirstOrDefault(), x.Action, x.Status })
                .ToListAsync(ct))
            .Select(x => new EarlierAction(x.Code, x.Action.Resolve(lang)?.Text ?? "", EnumCodes.ToCode(x.Status))).ToList();
        return new RoundsComparison(later.Id, later.Round, earlier.Id, earlier.Round, later.Jurisdiction?.Name ?? "", rows, actions);
    }

    private sealed record Item(string Code, int Order, LocalizedText Text, AnswerStatus? Status, LocalizedText Narrative);

    private async Task<List<Item>> ItemsAsync(Assessment a, CancellationToken ct)
    {
        var answers = await db.Answers.AsNoTracking().Where(x => x.AssessmentId == a.Id).ToDictionaryAsync(x => x.IndicatorId, ct);
        return (await db.Indicators.AsNoTracking().Include(i => i.Area).ThenInclude(x => x!.Domain).Where(i => i.CatalogueId == a.CatalogueId).ToListAsync(ct))
            .OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order)
            .Select((i, n) => new Item(i.Code, n, i.Text, answers.GetValueOrDefault(i.Id)?.Status, answers.GetValueOrDefault(i.Id)?.Narrative ?? new LocalizedText()))
            .ToList();
    }

    private static int? Rank(AnswerStatus? s) => s switch
    {
        AnswerStatus.Yes => 2,
        AnswerStatus.Partial => 1,
        AnswerStatus.No => 0,
        _ => null,
    };

    public static RoundChange Compare(AnswerStatus? earlier, AnswerStatus? later) => (Rank(earlier), Rank(later)) switch
    {
        ({ } e, { } l) when l > e => RoundChange.Improved,
        ({ } e, { } l) when l < e => RoundChange.Regressed,
        _ when earlier == later => RoundChange.Unchanged,
        _ => RoundChange.Changed,
    };

    /// The change in words a government accepts ("less developed than in round 1", never
    /// "regressed"): the catalogue's `comparison.*` keys, by the change's code.
    public static string Wording(RoundChange change, int round, string lang) =>
        Texts.TextCatalog.Default.Render(lang, "comparison." + change.ToCode(), round);

    private static ComparedIndicator Row(string? code, Item? old, Item? now, RoundChange change, int earlierRound, string lang) =>
        new(code, old?.Code, ((now ?? old)!.Text.Resolve(lang)?.Text) ?? code ?? old?.Code ?? "", old?.Status, now?.Status, change,
            Wording(change, earlierRound, lang), old?.Narrative.Resolve(lang)?.Text, now?.Narrative.Resolve(lang)?.Text);
}
