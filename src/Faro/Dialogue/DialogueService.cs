using Faro.Assessments;
using Faro.Catalogue;
using Faro.Data;
using Faro.People;
using Microsoft.EntityFrameworkCore;

namespace Faro.Dialogue;

/// The four categories of the national–local dialogue brief (issue 12, `domain.md` §1).
public enum DialogueCategory
{
    /// The national level has the framework (`yes`) but the city does not apply it (`no`/`partial`).
    NationalFrameworkNotAppliedLocally,
    /// The city acts (`yes`) where the national level has no framework (`no`/`partial`).
    LocalInnovation,
    /// Both levels answer `no` or `partial`: a joint agenda.
    SharedGap,
    /// National competence: the local role is referral or information.
    NationalCompetence,
}

public sealed record DialogueRow(string Code, string Domain, string Text, Competence Competence, AnswerStatus? Local, AnswerStatus? National,
    DialogueCategory? Category);

/// A national profile published outside Faro: the brief links it and lists the local side only.
public sealed record ExternalNationalReference(string Title, int? Year, string? Url);

public sealed record DialogueBrief(int AssessmentId, string Lang, string Title, string Place, string Country, bool IsFictional,
    int? NationalAssessmentId, string? NationalTitle, ExternalNationalReference? External, IReadOnlyList<DialogueRow> Rows)
{
    /// True when national answers are in Faro and readable: only then are categories 1–3 computed.
    public bool HasNationalAnswers => NationalAssessmentId is not null && External is null;

    public IReadOnlyList<DialogueRow> In(DialogueCategory category) => Rows.Where(r => r.Category == category).ToList();
}

/// Puts a local assessment's answers beside its national counterpart's, indicator by indicator.
/// A local indicator maps to the national indicator whose code is its `NationalCounterpartCode`, or
/// the same code when the catalogue gives none (the seed catalogue serves both levels). National
/// answers are never invented: without a readable national assessment in Faro that has answers, only
/// the local side and the competence flags are listed.
public sealed class DialogueService(FaroDb db, Access access)
{
    public async Task<DialogueBrief> BriefAsync(Actor actor, int assessmentId, string lang, CancellationToken ct = default)
    {
        var standing = await access.AssessmentAsync(actor, assessmentId, ct);
        // The dialogue is between governments: the country's coordinators and national reviewers.
        if (!standing.IsManager && !standing.IsNationalReviewer)
        {
            throw RefusedException.Forbidden("dialogue.forbidden");
        }

        var local = await db.Assessments.AsNoTracking().Include(a => a.Country).Include(a => a.Jurisdiction)
            .FirstAsync(a => a.Id == assessmentId, ct);
        if (local.Level != AssessmentLevel.Local)
        {
            throw RefusedException.Conflict("dialogue.not_local");
        }

        var national = local.NationalCounterpartId is { } nid
            ? await db.Assessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == nid, ct)
            : null;
        // A counterpart outside the caller's reach (a national draft) counts as absent.
        if (national is not null && !await ReadableAsync(actor, national.Id, ct))
        {
            national = null;
        }

        var indicators = await db.Indicators.AsNoTracking().Include(i => i.Area).ThenInclude(a => a!.Domain)
            .Where(i => i.CatalogueId == local.CatalogueId).ToListAsync(ct);
        var localAnswers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessmentId)
            .ToDictionaryAsync(a => a.IndicatorId, a => a.Status, ct);
        var nationalAnswers = new Dictionary<string, AnswerStatus?>(StringComparer.Ordinal);
        if (national is not null)
        {
            nationalAnswers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == national.Id && a.Status != null)
                .Join(db.Indicators, a => a.IndicatorId, i => i.Id, (a, i) => new { i.Code, a.Status })
                .ToDictionaryAsync(x => x.Code, x => x.Status, StringComparer.Ordinal, ct);
        }

        var referenceTitle = !local.NationalReferenceTitle.IsEmpty ? local.NationalReferenceTitle : national?.NationalReferenceTitle;
        var external = referenceTitle is { IsEmpty: false } || (national is not null && nationalAnswers.Count == 0 && national.NationalReferenceUrl is not null)
            ? new ExternalNationalReference(referenceTitle?.Resolve(lang)?.Text ?? national?.Title.Resolve(lang)?.Text ?? "",
                local.NationalReferenceYear ?? national?.NationalReferenceYear, local.NationalReferenceUrl ?? national?.NationalReferenceUrl)
            : null;
        var useNational = external is null && national is not null && nationalAnswers.Count > 0;

        var rows = indicators.OrderBy(i => i.Area!.Domain!.Order).ThenBy(i => i.Area!.Order).ThenBy(i => i.Order).Select(i =>
        {
            var l = localAnswers.GetValueOrDefault(i.Id);
            AnswerStatus? n = useNational ? nationalAnswers.GetValueOrDefault(i.NationalCounterpartCode ?? i.Code) : null;
            return new DialogueRow(i.Code, i.Area!.Domain!.Code, i.Text.Resolve(lang)?.Text ?? i.Code, i.Competence, l, n,
                Categorise(i.Competence, l, n, useNational));
        }).ToList();

        return new DialogueBrief(local.Id, lang, local.Title.Resolve(lang)?.Text ?? "", local.Jurisdiction?.Name ?? "",
            local.Country?.Name.Resolve(lang)?.Text ?? "", local.IsFictional,
            useNational ? national!.Id : null, useNational ? national!.Title.Resolve(lang)?.Text : null, external, rows);
    }

    /// One category per indicator. National competence comes first: whatever the answers, the local
    /// role there is referral or information. The other three need both answers.
    public static DialogueCategory? Categorise(Competence competence, AnswerStatus? local, AnswerStatus? national, bool hasNational)
    {
        if (competence == Competence.N || local == AnswerStatus.NationalCompetence)
        {
            return DialogueCategory.NationalCompetence;
        }

        if (!hasNational || local is null || national is null)
        {
            return null;
        }

        static bool Gap(AnswerStatus s) => s is AnswerStatus.No or AnswerStatus.Partial;
        return (local.Value, national.Value) switch
        {
            var (l, n) when n == AnswerStatus.Yes && Gap(l) => DialogueCategory.NationalFrameworkNotAppliedLocally,
            var (l, n) when l == AnswerStatus.Yes && Gap(n) => DialogueCategory.LocalInnovation,
            var (l, n) when Gap(l) && Gap(n) => DialogueCategory.SharedGap,
            _ => null,
        };
    }

    private async Task<bool> ReadableAsync(Actor actor, int assessmentId, CancellationToken ct)
    {
        try
        {
            await access.AssessmentAsync(actor, assessmentId, ct);
            return true;
        }
        catch (RefusedException)
        {
            return false;
        }
    }
}
